import {pipInstalls} from '../pip-installs.js';
import {shellScript} from '../instructions.js';
import {instructionsOf, type Rule} from './rule.js';

export const editableInstallRule: Rule = {
	id: 'editable-install',
	check(context) {
		return instructionsOf(context, 'RUN')
			.filter(({instruction}) => pipInstalls(shellScript(instruction)).some(install => install.editable.length > 0)
				|| /\bsetup\.py\s+develop\b/.test(shellScript(instruction)))
			.map(({instruction}) => ({
				rule: 'editable-install',
				severity: 'info' as const,
				line: instruction.line,
				message: 'An editable install (pip install -e) keeps importing from the source folder, so that folder must stay in the image at the same absolute path (the def keeps it) and outside /tmp and /home, which Apptainer hides at run time.',
				fix: 'Use a regular install (pip install .) if you do not need to edit the code inside the image.',
			}));
	},
};
