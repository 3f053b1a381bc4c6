import {Text, useInput} from 'ink';
import {useEffect, useReducer} from 'react';
import {useLatest} from '../use-latest.js';

type State = {value: string; submitted: string | undefined};

/**
 * Folds typed or pasted text into the secret: bracketed-paste markers and control characters
 * are dropped, backspace deletes, and a CR or LF (a paste usually ends with one) submits.
 */
export function applySecretInput(state: State, input: string, key: {backspace?: boolean; delete?: boolean; return?: boolean}): State {
	if (state.submitted !== undefined) {
		return state;
	}

	if (key.backspace || key.delete) {
		return {...state, value: state.value.slice(0, -1)};
	}

	if (key.return) {
		return {...state, submitted: state.value.trim()};
	}

	const clean = input.replaceAll('\u001B[200~', '').replaceAll('\u001B[201~', '');
	const newline = clean.search(/[\r\n]/);
	const text = (newline === -1 ? clean : clean.slice(0, newline)).replaceAll(/[\u0000-\u001F\u007F]/g, '');
	const value = state.value + text;
	return newline === -1 ? {...state, value} : {value, submitted: value.trim()};
}

/** A masked input: shows a fixed-width mask, never the secret. */
export function SecretInput({onSubmit, isActive = true}: {onSubmit: (secret: string) => void; isActive?: boolean}) {
	const [state, dispatch] = useReducer((current: State, event: {input: string; key: Parameters<typeof applySecretInput>[2]}) => applySecretInput(current, event.input, event.key), {value: '', submitted: undefined});
	useInput((input, key) => {
		dispatch({input, key});
	}, {isActive});
	const latestOnSubmit = useLatest(onSubmit);
	useEffect(() => {
		if (state.submitted) {
			latestOnSubmit.current(state.submitted);
		}
	}, [state.submitted, latestOnSubmit]);

	return <Text>{state.value.length > 0 ? `${'•'.repeat(Math.min(state.value.length, 24))} (${state.value.length} characters)` : <Text dimColor>paste or type the key, then Enter</Text>}</Text>;
}
