import {useInput, type Key} from 'ink';
import {createContext, useCallback, useContext} from 'react';
import {useLatest} from '../use-latest.js';
import {splitKeys, type KeyEvent} from './split-keys.js';

/**
 * Where a key map sends the keys that must wait: once a key has moved the wizard to another step,
 * the rest of its chunk belongs to that step (typed ahead: Enter Enter Enter before the first frame),
 * not to the one still handling the chunk. The wizard provides it; without it nothing waits.
 */
export type KeyGate = {isHolding: () => boolean; hold: (raw: string) => void};

export const KeyGateContext = createContext<KeyGate>({isHolding: () => false, hold: () => undefined});

/**
 * A step's one key map: every key of a chunk reaches `handler`, in order. Handlers should only
 * dispatch to a reducer, which sees each key's effect before the next key.
 */
export function useKeys(handler: (input: string, key: Partial<Key>) => void, {isActive = true}: {isActive?: boolean} = {}) {
	const latest = useLatest(handler);
	const gate = useContext(KeyGateContext);
	const stable = useCallback((input: string, key: Key) => {
		const events = splitKeys(input, key) satisfies KeyEvent[];
		for (const [index, event] of events.entries()) {
			if (index > 0 && gate.isHolding()) {
				// Only plain text is split into keys: its characters are the keys left to hand on.
				gate.hold([...input].slice(index).join(''));
				return;
			}

			latest.current(event.input, event.key);
		}
	}, [latest, gate]);
	useInput(stable, {isActive});
}
