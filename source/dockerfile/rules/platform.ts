import type {Rule} from './rule.js';

export const platformRule: Rule = {
	id: 'platform',
	relatesTo: 'DL3029',
	check({stages}) {
		return stages.filter(stage => stage.platform !== undefined).map(stage => {
			const amd64 = /^linux\/(?:amd64|x86_64)$/.test(stage.platform!);
			return {
				rule: 'platform',
				severity: amd64 ? 'info' as const : 'warning' as const,
				line: stage.from.line,
				message: `FROM --platform=${stage.platform} is not part of the image name, so the def leaves it out; Apptainer builds for the build node's architecture${amd64 ? ' (x86_64 on Rescale, which is what you asked for)' : ', and Rescale nodes are x86_64 (linux/amd64)'}.`,
				fix: amd64 ? undefined : 'Use an image published for linux/amd64.',
			};
		});
	},
};
