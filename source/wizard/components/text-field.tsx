import {Text, useStdin} from 'ink';
import {useContext, useEffect, useReducer} from 'react';
import {editInput, lineState, type LineState} from '../input/line-editor.js';
import {colourless, symbols} from '../theme.js';
import {useKeys} from '../input/use-keys.js';
import {useLatest} from '../use-latest.js';
import {EndingContext} from './ending.js';

/**
 * Folds the field's keys through the line editor and reports the submitted line once. The editor
 * reads each input raw, as Ink's parser cut it: useInput names Backspace and the Delete key alike
 * and hands a bundled `C-u Enter` over as one unnamed string.
 */
export function useLineEditor(initial: string, onSubmit: (value: string) => void, isActive: boolean, allowEmpty = false): LineState {
	const [state, dispatch] = useReducer(editInput, initial, value => lineState(value, {allowEmpty}));
	const {internal_eventEmitter: inputs, setRawMode} = useStdin();
	useEffect(() => {
		if (!isActive) {
			return;
		}

		setRawMode(true);
		inputs.on('input', dispatch);
		return () => {
			inputs.off('input', dispatch);
			setRawMode(false);
		};
	}, [isActive, inputs, setRawMode]);
	const latestOnSubmit = useLatest(onSubmit);
	useEffect(() => {
		if (state.submitted !== undefined) {
			latestOnSubmit.current(state.submitted);
		}
	}, [state.submitted, latestOnSubmit]);
	return state;
}

/** An editable field, prefilled, shown whole (it wraps), with readline keys; `onEscape` gets the text as it stands. */
export function TextField({initial, onSubmit, onEscape, isActive = true, allowEmpty = false}: {initial: string; onSubmit: (value: string) => void; onEscape?: (value: string) => void; isActive?: boolean; allowEmpty?: boolean}) {
	const {value, cursor} = useLineEditor(initial, onSubmit, isActive, allowEmpty);
	const latest = useLatest({value, onEscape});
	useKeys((_input, key) => {
		if (key.escape) {
			latest.current.onEscape?.(latest.current.value);
		}
	}, {isActive: isActive && onEscape !== undefined});
	if (useContext(EndingContext)) {
		// The frame left behind shows what was typed, with no cursor asking for more.
		return <Text wrap="wrap">{value}</Text>;
	}

	if (colourless()) {
		// Without styles an inverse cell looks like any other: the cursor is a bar between characters.
		return <Text wrap="wrap">{`${value.slice(0, cursor)}${symbols.cursor}${value.slice(cursor)}`}</Text>;
	}

	// The cursor is an inverse cell; past the end, an inverse bar.
	return (
		<Text wrap="wrap">
			{value.slice(0, cursor)}
			<Text inverse>{value[cursor] ?? symbols.cursor}</Text>
			{value.slice(cursor + 1)}
		</Text>
	);
}
