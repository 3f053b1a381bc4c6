/** Whether the terminal can show Unicode symbols: a UTF-8 locale and a TERM that is not dumb. */
export function supportsUnicode(environment: NodeJS.ProcessEnv = process.env): boolean {
	if (environment.TERM === 'dumb') {
		return false;
	}

	const locale = environment.LC_ALL || environment.LC_CTYPE || environment.LANG || '';
	return locale === '' || /utf-?8/i.test(locale);
}

const unicode = {done: '✓', failed: '✗', unknown: '?', current: '●', todo: '○', pointer: '❯', arrow: '→', bullet: '•', dot: '·', bar: '█', track: '░', cursor: '▏', rule: '│', from: '←', upDown: '↑/↓', ellipsis: '…', mask: '•', levels: '▁▂▃▄▅▆▇█'};
const ascii = {done: '+', failed: 'x', unknown: '?', current: '*', todo: 'o', pointer: '>', arrow: '->', bullet: '*', dot: '-', bar: '#', track: '.', cursor: '|', rule: '|', from: '<-', upDown: 'Up/Down', ellipsis: '...', mask: '*', levels: '_.-~=+*#'};

/** The program's symbols: the wizard draws them, the commands print them. */
export type Symbols = typeof unicode;

export function symbolsFor(environment: NodeJS.ProcessEnv = process.env): Symbols {
	return supportsUnicode(environment) ? unicode : ascii;
}

// Each symbol with its ASCII stand-in; the levels of the loss chart one by one.
const asciiFor = new Map(Object.entries(unicode).flatMap(([name, symbol]): Array<[string, string]> => {
	const standIn = ascii[name as keyof Symbols];
	return name === 'levels' ? [...symbol].map((level, index): [string, string] => [level, standIn[index]!]) : [[symbol, standIn]];
}).filter(([symbol]) => /[^\u0000-\u007F]/.test(symbol)));
const symbols = new RegExp([...asciiFor.keys()].sort((a, b) => b.length - a.length).join('|'), 'g');

/** `text` with the program's own symbols in ASCII (what came from the user's files is left as it is). */
export function asciiSymbols(text: string): string {
	return text.replaceAll(symbols, symbol => asciiFor.get(symbol)!);
}
