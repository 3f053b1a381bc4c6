import type {Key} from 'ink';

export type KeyEvent = {input: string; key: Partial<Key>};

/**
 * Ink 6 hands plain text that arrives in one chunk (`f` + Enter from tmux, `jjjj` from a fast
 * typist) to the handler as one string. A key map wants each key, in order: this splits such a
 * chunk into one event per character, naming Enter, Backspace, Tab and Ctrl-letters as Ink would.
 */
export function splitKeys(input: string, key: Partial<Key>): KeyEvent[] {
	// A line feed is Enter too: typed before the wizard set raw mode, the terminal turned Enter's
	// carriage return into one (Ink names only the carriage return `return`).
	if (input === '\n') {
		return [{input: '', key: {return: true}}];
	}

	if ([...input].length <= 1 || input.includes('\u001B') || key.ctrl) {
		return [{input, key}];
	}

	return [...input].map(character => characterKey(character));
}

/** One character of a plain chunk as the key Ink would name: Enter, Backspace, Tab, a Ctrl-letter or itself. */
export function characterKey(character: string): KeyEvent {
	const code = character.codePointAt(0)!;
	if (character === '\r' || character === '\n') {
		return {input: '', key: {return: true}};
	}

	if (character === '\u007F' || character === '\b') {
		return {input: '', key: {backspace: true}};
	}

	if (character === '\t') {
		return {input: '', key: {tab: true}};
	}

	if (code > 0 && code < 27) {
		return {input: String.fromCodePoint(code + 96), key: {ctrl: true}};
	}

	return {input: character, key: {}};
}
