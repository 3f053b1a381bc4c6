/**
 * Docker's word processing for instruction arguments (FROM, COPY, ENV, WORKDIR, LABEL...):
 * quotes, the escape character and `$VAR`/`${VAR}`/`${VAR:-word}` substitution from ARG and ENV.
 * Variables the Dockerfile does not define (PATH from the base image, say) are kept as
 * references so a shell can still expand them later.
 */
export type WordPart = {kind: 'text'; value: string} | {kind: 'variable'; name: string; raw: string};

/** Returns the value of a variable the Dockerfile defines, or undefined when it is unknown. */
export type VariableLookup = (name: string) => string | undefined;

const nameStart = /[A-Za-z_]/;
const nameChar = /\w/;

export function splitWord(raw: string, lookup: VariableLookup, escapeChar = '\\'): WordPart[] {
	const parts: WordPart[] = [];
	const pushText = (value: string) => {
		const last = parts.at(-1);
		if (last?.kind === 'text') {
			last.value += value;
		} else if (value !== '') {
			parts.push({kind: 'text', value});
		}
	};

	let index = 0;
	let quote: '"' | "'" | undefined;
	while (index < raw.length) {
		const character = raw[index]!;
		if (quote === "'") {
			if (character === "'") {
				quote = undefined;
			} else {
				pushText(character);
			}

			index++;
			continue;
		}

		if (character === escapeChar && index + 1 < raw.length) {
			const next = raw[index + 1]!;
			if (quote === '"' && next !== '"' && next !== '$' && next !== escapeChar) {
				pushText(character);
				index++;
				continue;
			}

			pushText(next);
			index += 2;
			continue;
		}

		if (character === '"' || (character === "'" && quote === undefined)) {
			quote = quote === character ? undefined : character;
			index++;
			continue;
		}

		if (character === '$') {
			const variable = readVariable(raw, index, lookup, escapeChar);
			if (variable) {
				for (const part of variable.parts) {
					if (part.kind === 'text') {
						pushText(part.value);
					} else {
						parts.push(part);
					}
				}

				index = variable.end;
				continue;
			}
		}

		pushText(character);
		index++;
	}

	return parts;
}

function readVariable(
	raw: string,
	start: number,
	lookup: VariableLookup,
	escapeChar: string,
): {parts: WordPart[]; end: number} | undefined {
	const after = raw[start + 1];
	if (after === undefined) {
		return undefined;
	}

	if (after !== '{') {
		if (!nameStart.test(after)) {
			return undefined;
		}

		let end = start + 2;
		while (end < raw.length && nameChar.test(raw[end]!)) {
			end++;
		}

		const name = raw.slice(start + 1, end);
		return {parts: resolve(name, raw.slice(start, end), lookup), end};
	}

	const close = findClosingBrace(raw, start + 2);
	if (close === -1) {
		return undefined;
	}

	const body = raw.slice(start + 2, close);
	const rawReference = raw.slice(start, close + 1);
	const match = /^([A-Za-z_]\w*)(?:(:?[-+])(.*))?$/s.exec(body);
	if (!match) {
		return {parts: [{kind: 'variable', name: body, raw: rawReference}], end: close + 1};
	}

	const [, name, operator, word] = match as unknown as [string, string, string | undefined, string | undefined];
	const value = lookup(name);
	if (operator === undefined) {
		return {parts: resolve(name, rawReference, lookup), end: close + 1};
	}

	if (value === undefined) {
		// Unknown at conversion time: leave the whole reference for the shell.
		return {parts: [{kind: 'variable', name, raw: rawReference}], end: close + 1};
	}

	const alternative = (): WordPart[] => splitWord(word ?? '', lookup, escapeChar);
	const byOperator: Record<string, () => WordPart[]> = {
		':-': () => (value === '' ? alternative() : [{kind: 'text', value}]),
		'-': () => [{kind: 'text', value}],
		':+': () => (value === '' ? [] : alternative()),
		'+': alternative,
	};
	return {parts: byOperator[operator]!(), end: close + 1};
}

function findClosingBrace(raw: string, from: number): number {
	let depth = 1;
	for (let index = from; index < raw.length; index++) {
		if (raw[index] === '{') {
			depth++;
		} else if (raw[index] === '}') {
			depth--;
			if (depth === 0) {
				return index;
			}
		}
	}

	return -1;
}

function resolve(name: string, rawReference: string, lookup: VariableLookup): WordPart[] {
	const value = lookup(name);
	return value === undefined ? [{kind: 'variable', name, raw: rawReference}] : [{kind: 'text', value}];
}

/** The word as plain text, unknown variables left as written (`${NAME}`). */
export function expandWord(raw: string, lookup: VariableLookup, escapeChar = '\\'): string {
	return splitWord(raw, lookup, escapeChar)
		.map(part => (part.kind === 'text' ? part.value : part.raw))
		.join('');
}

/** Names of the variables that stayed unresolved in the word. */
export function unresolvedVariables(raw: string, lookup: VariableLookup, escapeChar = '\\'): string[] {
	return splitWord(raw, lookup, escapeChar).flatMap(part => (part.kind === 'variable' ? [part.name] : []));
}
