const safeWord = /^[\w@%+=:,./-]+$/;
const reservedWords = new Set(['!', '{', '}', 'case', 'do', 'done', 'elif', 'else', 'esac', 'fi', 'for', 'if', 'in', 'then', 'until', 'while']);

/** Quotes one word for POSIX sh so that it reaches the program exactly as written. */
export function quoteWord(word: string): string {
	return word !== '' && safeWord.test(word) ? word : `'${word.replaceAll("'", String.raw`'\''`)}'`;
}

/**
 * Quotes the words of a command. The first word is quoted also when sh would read it as an
 * assignment or a reserved word, since exec form never means either.
 */
export function quoteCommand(words: string[]): string {
	return words.map((word, index) => (index === 0 && (word.includes('=') || reservedWords.has(word)) ? `'${word.replaceAll("'", String.raw`'\''`)}'` : quoteWord(word))).join(' ');
}

/** Escapes text for use inside a double-quoted sh string. */
export function escapeForDoubleQuotes(text: string): string {
	return text.replaceAll(/[\\"$`]/g, String.raw`\$&`);
}
