import type {Finding} from './finding.js';

/**
 * Applies the findings' one-key fixes (`edit`) to Dockerfile text, in memory; each applied fix is
 * described as `line N: old -> new`. An edit whose text is no longer on its line is skipped.
 */
export function applyEdits(text: string, findings: Finding[]): {text: string; fixes: string[]} {
	const lines = text.split('\n');
	const fixes: string[] = [];
	for (const {edit} of findings) {
		const line = edit ? lines[edit.line - 1] : undefined;
		if (edit && line?.includes(edit.find)) {
			lines[edit.line - 1] = line.replace(edit.find, edit.replace);
			fixes.push(`line ${edit.line}: ${edit.find} -> ${edit.replace}`);
		}
	}

	return {text: lines.join('\n'), fixes};
}
