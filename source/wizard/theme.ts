import {supportsUnicode, symbolsFor} from '../locale.js';

/** The wizard's colours and symbols, in one place. */
export const theme = {
	accent: 'cyan',
	success: 'green',
	warning: 'yellow',
	error: 'red',
	heading: 'magenta',
} as const;

/** Whether colours and styles are off (NO_COLOR, FORCE_COLOR=0, a dumb terminal): inverse and dim then show nothing. */
export function colourless(environment: NodeJS.ProcessEnv = process.env): boolean {
	return environment.NO_COLOR !== undefined || environment.FORCE_COLOR === '0' || environment.TERM === 'dumb';
}

export const symbols = symbolsFor();

/** ink-spinner's frames: braille dots, or -\\|/ where only ASCII shows. */
export const spinnerType = supportsUnicode() ? 'dots' : 'line';

/** Ink's box borders: rounded lines, or +-| where only ASCII shows. */
export const borderStyle = supportsUnicode() ? 'round' : 'classic';
