/** Whether the terminal can show Unicode symbols: a UTF-8 locale and a TERM that is not dumb. */
export function supportsUnicode(environment: NodeJS.ProcessEnv = process.env): boolean {
	if (environment.TERM === 'dumb') {
		return false;
	}

	const locale = environment.LC_ALL || environment.LC_CTYPE || environment.LANG || '';
	return locale === '' || /utf-?8/i.test(locale);
}

const asciiFor: Record<string, string> = {'✓': '+', '✗': 'x', '…': '...', '→': '->', '←': '<-', '·': '-', '•': '*', '❯': '>', '●': '*', '○': 'o', '│': '|', '─': '-', '█': '#', '░': '.'};
const symbols = new RegExp(`[${Object.keys(asciiFor).join('')}]`, 'g');

/** `text` with the program's own symbols in ASCII (what came from the user's files is left as it is). */
export function asciiSymbols(text: string): string {
	return text.replaceAll(symbols, symbol => asciiFor[symbol]!);
}
