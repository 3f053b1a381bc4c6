import {useInput, type Key} from 'ink';
import {useCallback} from 'react';
import {useLatest} from '../use-latest.js';
import {splitKeys, type KeyEvent} from './split-keys.js';

/**
 * A step's one key map: every key of a chunk reaches `handler`, in order. Handlers should only
 * dispatch to a reducer, which sees each key's effect before the next key.
 */
export function useKeys(handler: (input: string, key: Partial<Key>) => void, {isActive = true}: {isActive?: boolean} = {}) {
	const latest = useLatest(handler);
	const stable = useCallback((input: string, key: Key) => {
		for (const event of splitKeys(input, key) satisfies KeyEvent[]) {
			latest.current(event.input, event.key);
		}
	}, [latest]);
	useInput(stable, {isActive});
}
