import {characterKey} from './split-keys.js';

/**
 * What a key did, as Ink reports it (only the fields the editor reads). Ink names Backspace (DEL)
 * `delete` too, so `delete` deletes back; `forwardDelete` is the Delete key (ESC [3~), told apart
 * by its raw bytes in `editInput`.
 */
export type EditKey = {
	return?: boolean;
	backspace?: boolean;
	delete?: boolean;
	forwardDelete?: boolean;
	ctrl?: boolean;
	meta?: boolean;
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
export type LineState = {value: string; cursor: number; touched: boolean; submitted: string | undefined; allowEmpty: boolean; pasting: boolean};

export function lineState(initial: string, {allowEmpty = false}: {allowEmpty?: boolean} = {}): LineState {
	return {value: initial, cursor: initial.length, touched: false, submitted: undefined, allowEmpty, pasting: false};
}

// Ink passes bracketed-paste markers on as their own keys, with the ESC already stripped.
const pasteMarkers = /\u001B?\[20[01]~/g;

/**
 * Readline habits: Ctrl-A/E and Home/End move to the ends, Left/Right and Ctrl-B/F move, Alt-b/f
 * move a word, Ctrl-U/K delete to the start/end, Ctrl-W deletes the word before the cursor,
 * Backspace deletes one character back, Delete and Ctrl-D one forward; no Alt combination types.
 * Enter (or a CR/LF at the end of a paste) submits the line; an empty Enter does nothing unless
 * the field allows an empty answer, so the field never freezes. Control characters are never inserted.
 */
export function editLine(state: LineState, input: string, key: EditKey): LineState {
	if (state.submitted !== undefined) {
		return state;
	}

	const {value, cursor} = state;
	const edit = (next: string, at: number): LineState => ({...state, value: next, cursor: at, touched: true});
	const deleteForward = () => cursor >= value.length ? state : edit(value.slice(0, cursor) + value.slice(cursor + 1), cursor);
	if (key.return) {
		return value.trim() === '' && !state.allowEmpty ? state : {...state, submitted: value.trim()};
	}

	if (key.meta) {
		switch (input.toLowerCase()) {
			case 'b': {
				return {...state, cursor: value.slice(0, cursor).replace(/[\p{L}\p{N}]*[^\p{L}\p{N}]*$/u, '').length};
			}

			case 'f': {
				return {...state, cursor: cursor + (/^[^\p{L}\p{N}]*[\p{L}\p{N}]*/u.exec(value.slice(cursor))?.[0].length ?? 0)};
			}

			default: {
				return state;
			}
		}
	}

	if (key.forwardDelete) {
		return deleteForward();
	}

	if (key.leftArrow || (key.ctrl && input === 'b')) {
		return {...state, cursor: Math.max(0, cursor - 1)};
	}

	if (key.rightArrow || (key.ctrl && input === 'f')) {
		return {...state, cursor: Math.min(value.length, cursor + 1)};
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
				return deleteForward();
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

// The keys a field reads from escape sequences, as Ink's input parser cuts them (ESC included).
const escapeKeys: Record<string, EditKey> = {
	// Option-Return on macOS, which Ink names Enter.
	'\r': {return: true},
	'[3~': {forwardDelete: true},
	'[D': {leftArrow: true},
	OD: {leftArrow: true},
	'[C': {rightArrow: true},
	OC: {rightArrow: true},
	'[H': {home: true},
	OH: {home: true},
	'[1~': {home: true},
	'[7~': {home: true},
	'[F': {end: true},
	OF: {end: true},
	'[4~': {end: true},
	'[8~': {end: true},
};

/**
 * One input as Ink's input parser emits it: an escape sequence, or a chunk of plain text that may
 * hold several keys (a fast typist, ssh or tmux bundling `C-u Enter`). Every control key of a
 * chunk is applied in order; a run of printable characters between them is one edit, so a paste
 * stays a paste. Text between bracketed-paste markers is all paste: its control characters are dropped.
 */
export function editInput(state: LineState, raw: string): LineState {
	if (raw.startsWith('\u001B')) {
		const body = raw.slice(1);
		if (body === '[200~' || body === '[201~') {
			return {...state, pasting: body === '[200~'};
		}

		// Alt-letter arrives as ESC and the letter; a sequence with modifiers (ESC [3;5~) is its plain key.
		const key = escapeKeys[body.replace(/^\[(\d+);\d+~$/, '[$1~')] ?? ([...body].length === 1 ? {meta: true} : {});
		return editLine(state, key.meta ? body : '', key);
	}

	if (state.pasting) {
		return editLine(state, raw, {});
	}

	return raw.split(/([\u0000-\u001F\u007F])/).filter(Boolean).reduce((current, part) => {
		const {input, key} = part.length === 1 && /[\u0000-\u001F\u007F]/.test(part) ? characterKey(part) : {input: part, key: {}};
		return editLine(current, input, key);
	}, state);
}
