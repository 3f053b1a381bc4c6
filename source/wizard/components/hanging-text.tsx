import {Box, Text} from 'ink';
import type {ReactNode} from 'react';
import {wrappedRows} from '../cut-text.js';
import {Paragraph} from './paragraph.js';

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
			<Paragraph color={color} dimColor={dimColor}>{children}</Paragraph>
		</Box>
	);
}

/** The rows a HangingText takes at `width` columns, wrapped the way Ink wraps it. */
export function hangingRows(lead: string, text: string, width: number): number {
	return wrappedRows(text, width - [...lead].length);
}
