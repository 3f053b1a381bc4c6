/**
 * COPY sources with wildcards, matched against the build context's files the way Docker does
 * (filepath.Match per path: `*` and `?` stop at `/`). Apptainer instead leaves a pattern that
 * matches nothing as literal text, and `cp` then fails the build (files.go expandPath), so the
 * converter expands patterns itself when it knows the context.
 */
export function isGlob(source: string): boolean {
	return /[*?[]/.test(source);
}

/** Files and folders of the context (relative, '/'-separated) that PATTERN matches. */
export function matchContext(pattern: string, contextFiles: readonly string[]): string[] {
	const normalized = pattern.replace(/^\.\//, '').replace(/\/+$/, '');
	const matcher = new RegExp(`^${normalized.split('').map(character => {
		if (character === '*') {
			return '[^/]*';
		}

		if (character === '?') {
			return '[^/]';
		}

		return /[\w/[\]-]/.test(character) ? character : `\\${character}`;
	}).join('')}$`);
	const candidates = new Set<string>();
	for (const file of contextFiles) {
		const parts = file.split('/');
		for (let length = 1; length <= parts.length; length++) {
			candidates.add(parts.slice(0, length).join('/'));
		}
	}

	return [...candidates].filter(candidate => matcher.test(candidate)).sort();
}
