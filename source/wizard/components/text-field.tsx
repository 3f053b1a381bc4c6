import {Text, useInput} from 'ink';
import {useEffect, useReducer} from 'react';
import {useLatest} from '../use-latest.js';
import {applySecretInput} from './secret-input.js';

/** A one-line editable field, prefilled; typing appends, backspace deletes, Enter submits. */
export function TextField({initial, onSubmit, isActive = true}: {initial: string; onSubmit: (value: string) => void; isActive?: boolean}) {
	const [state, dispatch] = useReducer((current: {value: string; submitted: string | undefined}, event: {input: string; key: Parameters<typeof applySecretInput>[2]}) => applySecretInput(current, event.input, event.key), {value: initial, submitted: undefined});
	useInput((input, key) => {
		if (!key.escape && !key.upArrow && !key.downArrow) {
			dispatch({input, key});
		}
	}, {isActive});
	const latestOnSubmit = useLatest(onSubmit);
	useEffect(() => {
		if (state.submitted !== undefined) {
			latestOnSubmit.current(state.submitted);
		}
	}, [state.submitted, latestOnSubmit]);

	return <Text>{state.value}<Text inverse> </Text></Text>;
}
