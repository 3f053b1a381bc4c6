import {convertDockerfile, type ConvertOptions} from '../../source/apptainer/convert.js';
import {writeDefFile} from '../../source/apptainer/def-file.js';
import {parseDockerfile} from '../../source/dockerfile/model.js';

/** Converts Dockerfile text (lines joined with \n) and writes the definition. */
export function convert(lines: string[], options: ConvertOptions = {}) {
	const {def, notes} = convertDockerfile(parseDockerfile(lines.join('\n')), options);
	const written = writeDefFile(def);
	return {text: written.text, sourceMap: written.sourceMap, notes, def};
}
