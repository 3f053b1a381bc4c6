import {convertDockerfile} from '../../apptainer/convert.js';
import type {Rule} from './rule.js';

/**
 * The steps a plain Dockerfile-to-def translation gets wrong (a stage folder one level too deep,
 * a COPY that lands before the RUN it follows, a bind mount, a platform ARG, a base-image
 * variable in a path), with what the def does instead: the converter knows them, so `validate`
 * asks it rather than repeating its reasoning.
 */
export const defWorkaroundRule: Rule = {
	id: 'def-workaround',
	check({model, conversionNotes}) {
		return (conversionNotes ?? convertDockerfile(model, {smokeTest: false}).notes)
			.filter(note => note.workaround)
			.map(note => ({rule: 'def-workaround', severity: 'warning' as const, line: note.line, message: note.message}));
	},
};
