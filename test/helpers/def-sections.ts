/**
 * Reads a definition file the way shared/corpus/README.md defines its checks: the final stage is
 * what follows the last `Bootstrap:` line, and a section runs from its `%name` line to the next
 * line that starts a section or a new stage.
 */
export function finalStage(def: string): string {
	const lines = def.split('\n');
	const start = lines.findLastIndex(line => line.startsWith('Bootstrap:'));
	return lines.slice(Math.max(start, 0)).join('\n');
}

export function fromLine(def: string): string | undefined {
	return /^From:\s*(.*)$/m.exec(finalStage(def))?.[1]?.trim();
}

/** Every section of that name in the final stage, header lines included, joined. */
export function sectionText(def: string, name: string): string {
	const lines = finalStage(def).split('\n');
	const parts: string[] = [];
	let inside = false;
	for (const line of lines) {
		if (line.startsWith('%') || line.startsWith('Bootstrap:')) {
			inside = line.split(/\s/)[0] === name;
		}

		if (inside) {
			parts.push(line);
		}
	}

	return parts.join('\n');
}

/** The section body without its header line (for running %runscript). */
export function sectionBody(def: string, name: string): string {
	return sectionText(def, name).split('\n').slice(1).join('\n');
}

/** Substring checks ignore runs of white space and single quotes. */
export function normalizeForMatch(text: string): string {
	return text.replaceAll("'", '').replaceAll(/\s+/g, ' ').trim();
}
