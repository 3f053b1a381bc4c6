import type {Finding} from '../finding.js';
import {instructionsOf, type Rule} from './rule.js';

const explanations: Record<string, {message: string; fix?: string}> = {
	EXPOSE: {message: 'Apptainer shares the host network, so there is no port to publish; the def keeps it as a comment.'},
	VOLUME: {
		message: 'Apptainer has no volumes; the def creates the directory so that a bind mount has somewhere to land.',
		fix: 'Bind a host folder at run time: apptainer run --bind /host/dir:PATH image.sif',
	},
	HEALTHCHECK: {
		message: 'Apptainer has no health checks; the def keeps it as a comment (a %test section would run it at the end of the build, when the service is not running).',
	},
	STOPSIGNAL: {message: 'Apptainer has no stop signal setting; the def keeps it as a comment.'},
	ONBUILD: {message: 'ONBUILD triggers only run when another Dockerfile builds FROM this image; the def keeps it as a comment.'},
};

const nvidiaVariables = /^NVIDIA_(?:VISIBLE_DEVICES|DRIVER_CAPABILITIES|REQUIRE_CUDA)$/;

export const noEffectRule: Rule = {
	id: 'no-effect',
	check(context) {
		const findings: Finding[] = instructionsOf(context, ...Object.keys(explanations)).map(({instruction}) => ({
			rule: 'no-effect',
			severity: 'info',
			line: instruction.line,
			message: `${instruction.keyword} has no effect under Apptainer: ${explanations[instruction.keyword]!.message}`,
			fix: explanations[instruction.keyword]!.fix,
		}));
		for (const {instruction} of instructionsOf(context, 'ENV')) {
			for (const property of instruction.properties.filter(candidate => nvidiaVariables.test(candidate.name))) {
				findings.push({
					rule: 'no-effect',
					severity: 'info',
					line: instruction.line,
					message: `${property.name} is read by the NVIDIA Docker runtime, not by apptainer --nv.`,
					fix: 'Choose GPUs at run time with CUDA_VISIBLE_DEVICES (or APPTAINERENV_CUDA_VISIBLE_DEVICES).',
				});
			}
		}

		return findings;
	},
};
