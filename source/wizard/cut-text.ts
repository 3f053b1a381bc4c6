import wrapAnsi from 'wrap-ansi';
import {symbols} from './theme.js';

/** Differently styled parts of one row. */
export type Segment = {text: string; color?: string; dimColor?: boolean; bold?: boolean};

/**
 * `text` cut to `width` columns with the locale's ellipsis. Ink's own truncate always ends in `…`,
 * which a terminal outside UTF-8 cannot show; text cut here is never cut again by Ink.
 */
export function truncateEnd(text: string, width: number): string {
	return remembered(cut, `${width}:${text}`, () => cutAt(text, width));
}

/** How many rows `text` takes wrapped (hard) at `columns`. */
export function wrappedRows(text: string, columns: number): number {
	return remembered(rows, `${columns}:${text}`, () => wrapAnsi(text, Math.max(1, columns), {trim: false, hard: true}).split('\n').length);
}

const cut = new Map<string, string>();
const rows = new Map<string, number>();

/** Frames are redrawn many times a second (a spinner) with the same lines: each is measured once. */
function remembered<T>(memory: Map<string, T>, key: string, measure: () => T): T {
	let value = memory.get(key);
	if (value === undefined) {
		value = measure();
		if (memory.size >= 2000) {
			memory.clear();
		}

		memory.set(key, value);
	}

	return value;
}

function cutAt(text: string, width: number): string {
	const firstRow = (columns: number) => wrapAnsi(text, Math.max(1, columns), {hard: true, trim: false, wordWrap: false}).split('\n')[0]!;
	if (!text.includes('\n') && firstRow(width) === text) {
		return text;
	}

	return `${firstRow(width - [...symbols.ellipsis].length).trimEnd()}${symbols.ellipsis}`;
}

/** `segments` (differently styled parts of one row) cut together to `width` columns, as `truncateEnd` cuts their whole. */
export function truncateSegments(segments: string[], width: number): string[] {
	const shown = truncateEnd(segments.join(''), width);
	let start = 0;
	return segments.map(segment => {
		const part = shown.slice(start, start + segment.length);
		start += segment.length;
		return part;
	});
}
