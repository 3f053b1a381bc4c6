import {Box, Text} from 'ink';

export type KeyHint = {key: string; label: string};

/**
 * The footer: the keys that work now, from the same list the step's handler uses. Each hint is a
 * box of its own and the row wraps between them, so a narrow terminal never cuts one (or hides q).
 */
export function KeyHints({hints}: {hints: KeyHint[]}) {
	return (
		<Box marginTop={1} flexWrap="wrap">
			{hints.map((hint, index) => (
				<Box key={hint.key} flexShrink={0}>
					<Text dimColor>{`${hint.key} ${hint.label}${index < hints.length - 1 ? '  ·  ' : ''}`}</Text>
				</Box>
			))}
		</Box>
	);
}
