import {Box, Text, Transform} from 'ink';
import type {ReactNode} from 'react';
import wrapAnsi from 'wrap-ansi';

export type HangingTextProps = {
	/** Printed once on the first row; the wrapped rows start under the text that follows it. */
	lead: string;
	children: ReactNode;
	color?: string;
	leadColor?: string;
	dimColor?: boolean;
};

/**
 * A line that wraps with a hanging indent: `lead` on the first row, the text beside it, and every
 * continuation row aligned under the text instead of at column 0.
 */
export function HangingText({lead, children, color, leadColor, dimColor}: HangingTextProps) {
	return (
		<Box>
			<Box flexShrink={0}>
				<Text color={leadColor ?? color} dimColor={dimColor}>{lead}</Text>
			</Box>
			<Transform transform={alignContinuation}>
				<Text color={color} dimColor={dimColor} wrap="wrap">{children}</Text>
			</Transform>
		</Box>
	);
}

/**
 * Ink wraps without trimming, so a row that broke exactly at the edge starts the next with the
 * space between the words: drop it (after any colour codes), or that row sits one column right.
 */
function alignContinuation(line: string, index: number): string {
	return index === 0 ? line : line.replace(/^((?:\u001B\[[\d;]*m)*) /, '$1');
}

/** The rows a HangingText takes at `width` columns, wrapped the way Ink wraps it. */
export function hangingRows(lead: string, text: string, width: number): number {
	const room = Math.max(1, width - [...lead].length);
	return wrapAnsi(text, room, {trim: false, hard: true}).split('\n').length;
}
