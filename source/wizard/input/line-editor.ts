/** What a key did, as Ink reports it (only the fields the editor reads). */
export type EditKey = {
	return?: boolean;
	backspace?: boolean;
	delete?: boolean;
	ctrl?: boolean;
	leftArrow?: boolean;
	rightArrow?: boolean;
	home?: boolean;
	end?: boolean;
};

/**
 * A one-line field with a cursor. `touched` is false while the field still holds its prefilled
 * text, so a paste then replaces the suggestion instead of being glued to it. `allowEmpty`: an
 * empty line is an answer (step 5's command: the image's own runscript), not a slip of the finger.
 */
export type LineState = {value: string; cursor: number; touched: boolean; submitted: string | undefined; allowEmpty: boolean};

export function lineState(initial: string, {allowEmpty = false}: {allowEmpty?: boolean} = {}): LineState {
	return {value: initial, cursor: initial.length, touched: false, submitted: undefined, allowEmpty};
}

// Ink passes bracketed-paste markers on as their own keys, with the ESC already stripped.
const pasteMarkers = /\u001B?\[20[01]~/g;

/**
 * Readline habits: Ctrl-A/E and Home/End move to the ends, Left/Right move, Ctrl-U/K delete to
 * the start/end, Ctrl-W deletes the word before the cursor, Backspace deletes one character
 * back and Ctrl-D one forward. Enter (or a CR/LF at the end of a paste) submits the line; an empty Enter
 * does nothing unless the field allows an empty answer, so the field never freezes. Control characters are never inserted.
 */
export function editLine(state: LineState, input: string, key: EditKey): LineState {
	if (state.submitted !== undefined) {
		return state;
	}

	const {value, cursor} = state;
	const edit = (next: string, at: number): LineState => ({...state, value: next, cursor: at, touched: true});
	if (key.return) {
		return value.trim() === '' && !state.allowEmpty ? state : {...state, submitted: value.trim()};
	}

	if (key.ctrl) {
		switch (input) {
			case 'a': {
				return {...state, cursor: 0};
			}

			case 'e': {
				return {...state, cursor: value.length};
			}

			case 'u': {
				return edit(value.slice(cursor), 0);
			}

			case 'k': {
				return edit(value.slice(0, cursor), cursor);
			}

			case 'd': {
				return cursor >= value.length ? state : edit(value.slice(0, cursor) + value.slice(cursor + 1), cursor);
			}

			case 'w': {
				const start = value.slice(0, cursor).replace(/\S+\s*$/, '').length;
				return edit(value.slice(0, start) + value.slice(cursor), start);
			}

			default: {
				return state;
			}
		}
	}

	if (key.home) {
		return {...state, cursor: 0};
	}

	if (key.end) {
		return {...state, cursor: value.length};
	}

	if (key.leftArrow) {
		return {...state, cursor: Math.max(0, cursor - 1)};
	}

	if (key.rightArrow) {
		return {...state, cursor: Math.min(value.length, cursor + 1)};
	}

	// Ink 6 reports the Backspace key (DEL, 0x7f) as `delete` and cannot tell it from the Delete
	// key: both delete backwards, as in ink-text-input; Ctrl-D deletes forwards.
	if (key.backspace || key.delete) {
		return cursor === 0 ? state : edit(value.slice(0, cursor - 1) + value.slice(cursor), cursor - 1);
	}

	const clean = input.replaceAll(pasteMarkers, '');
	const newline = clean.search(/[\r\n]/);
	const text = (newline === -1 ? clean : clean.slice(0, newline)).replaceAll(/[\u0000-\u001F\u007F]/g, '');
	// A paste (several characters at once) into the untouched suggestion replaces it.
	const replace = !state.touched && text.length > 1;
	const before = replace ? '' : value.slice(0, cursor);
	const after = replace ? '' : value.slice(cursor);
	const typed: LineState = text === '' ? state : edit(before + text + after, before.length + text.length);
	return newline === -1 ? typed : editLine(typed, '', {return: true});
}
