import {Box, Text} from 'ink';

export type KeyHint = {key: string; label: string};

/** The footer: the keys that work now, from the same list the step's handler uses. */
export function KeyHints({hints}: {hints: KeyHint[]}) {
	return (
		<Box marginTop={1}>
			<Text dimColor wrap="truncate">
				{hints.map(hint => `${hint.key} ${hint.label}`).join('  ·  ')}
			</Text>
		</Box>
	);
}
