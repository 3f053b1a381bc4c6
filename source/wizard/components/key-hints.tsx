import {Box, Text} from 'ink';
import {useContext} from 'react';
import {symbols} from '../theme.js';
import {EndingContext} from './ending.js';

export type KeyHint = {key: string; label: string};

/**
 * The footer: the keys that work now, from the same list the step's handler uses. Each hint is a
 * box of its own and the row wraps between them, so a narrow terminal never cuts one (or hides q).
 * Gone once the wizard is ending: the frame left behind would offer keys that do nothing.
 */
export function KeyHints({hints}: {hints: KeyHint[]}) {
	if (useContext(EndingContext)) {
		return null;
	}

	return (
		<Box marginTop={1} flexWrap="wrap">
			{hints.map((hint, index) => (
				<Box key={hint.key} flexShrink={0}>
					<Text dimColor>{hintText(hints, index)}</Text>
				</Box>
			))}
		</Box>
	);
}

/** The rows the footer takes at `width` columns (its blank row above included), packed the way the wrapping row packs them. */
export function keyHintRows(hints: KeyHint[], width: number): number {
	let rows = 1;
	let used = 0;
	for (const index of hints.keys()) {
		const size = [...hintText(hints, index)].length;
		if (used > 0 && used + size > width) {
			rows++;
			used = 0;
		}

		used += size;
	}

	return 1 + rows;
}

function hintText(hints: KeyHint[], index: number): string {
	const hint = hints[index]!;
	return `${hint.key} ${hint.label}${index < hints.length - 1 ? `  ${symbols.dot}  ` : ''}`;
}
