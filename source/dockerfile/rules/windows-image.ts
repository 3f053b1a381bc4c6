import {windowsSign} from '../windows-image.js';
import type {Rule} from './rule.js';

export const windowsImageRule: Rule = {
	id: 'windows-image',
	check({model}) {
		const sign = windowsSign(model);
		return sign
			? [{
				rule: 'windows-image',
				severity: 'error',
				line: sign.line,
				message: `This is a Windows Dockerfile (${sign.reason}): Apptainer runs Linux images only, and Rescale builds on Linux nodes, so it cannot be converted.`,
				fix: 'Use a Linux base image (for example python:3.11-slim) and Linux shell commands in RUN.',
			}]
			: [];
	},
};
