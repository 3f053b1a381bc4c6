import {Text, Transform, type TextProps} from 'ink';

const glue = '\u00A0';

/**
 * `text` as one word for the wrap (its spaces made non-breaking), so a row breaks before or after
 * it, never inside. A Paragraph draws those spaces as plain ones, which any locale can show.
 */
export function unbreakable(text: string): string {
	return text.replaceAll(' ', glue);
}

/**
 * Ink wraps without trimming, so a row that broke exactly at the edge starts the next with the
 * space between the words: drop it (after any colour codes), or that row sits one column right.
 */
function alignContinuation(line: string, index: number): string {
	const plain = line.replaceAll(glue, ' ');
	return index === 0 ? plain : plain.replace(/^((?:\u001B\[[\d;]*m)*) /, '$1');
}

/** Text that wraps, every row flush with the first (Ink would leave a space before some). */
export function Paragraph(props: Omit<TextProps, 'wrap'>) {
	return (
		<Transform transform={alignContinuation}>
			<Text {...props} wrap="wrap"/>
		</Transform>
	);
}
