import {wrappedRows} from '../cut-text.js';

/**
 * How many items a choice list may show at once in `rows` rows at `width` columns: as many as fit
 * even when the tallest are in view (labels and hints wrap), at least one, at most `most`.
 */
export function listLimit(items: Array<{label: string; hint?: string}>, rows: number, width: number, most = 8): number {
	// The pointer takes two columns before every item.
	const heights = items.map(item => wrappedRows(item.hint ? `${item.label}  ${item.hint}` : item.label, width - 2)).sort((a, b) => b - a);
	let shown = 0;
	let used = 0;
	for (const height of heights.slice(0, most)) {
		if (used + height > rows) {
			break;
		}

		used += height;
		shown++;
	}

	return Math.max(1, shown);
}
