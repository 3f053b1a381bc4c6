import path from 'node:path/posix';
import {parseDefFile} from '../apptainer/parse-def.js';
import type {ContextFile} from '../context/context-files.js';

/** Paths inside the image that %files puts there from the context. */
export function imageFiles(def: string, files: ContextFile[]): string[] {
	const final = parseDefFile(def).stages.at(-1);
	const entries = final?.sections.filter(section => section.name === 'files' && section.argument === '').flatMap(section => section.body) ?? [];
	const result = new Set<string>();
	for (const entry of entries.map(line => line.trim()).filter(Boolean)) {
		const [rawSource = '', rawDestination] = entry.match(/"[^"]*"|\S+/g)!.map(word => word.replaceAll('"', ''));
		const destination = rawDestination ?? rawSource;
		const sourcePath = path.normalize(rawSource).replace(/\/\.$/, '').replace(/^\.\/?/, '');
		const underSource = files.filter(file => sourcePath === '' || file.path === sourcePath || file.path.startsWith(`${sourcePath}/`));
		for (const file of underSource) {
			if (file.path === sourcePath) {
				result.add(destination.endsWith('/') ? path.join(destination, path.basename(file.path)) : destination);
			} else {
				result.add(path.join(destination, sourcePath === '' ? file.path : file.path.slice(sourcePath.length + 1)));
			}
		}
	}

	return [...result].sort().slice(0, 50_000);
}
