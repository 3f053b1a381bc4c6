import assert from 'node:assert/strict';
import {test} from 'node:test';
import {Box} from 'ink';
import {validateDockerfile} from '../../source/dockerfile/validate.js';
import {ValidateStep} from '../../source/wizard/steps/validate-step.js';
import {renderUi} from '../helpers/ui.js';
import {testServices} from '../helpers/wizard-services.js';

test('step 1 on a short terminal keeps the finding Enter would fix, and its fix, in view with the keys: other text goes first', async () => {
	const wizard = await testServices();
	const findings = validateDockerfile(wizard.dockerfile.model);
	// From the rows step 1 has at 60x15 under an in-flight banner up to 80x24's.
	for (const width of [60, 80]) {
		for (let maxLines = 6; maxLines <= 20; maxLines++) {
			const ui = renderUi(<Box width={width}><ValidateStep file={wizard.dockerfile.file} text={wizard.dockerfile.text} findings={findings} fixes={[]} override={false} unconvertible={false} maxLines={maxLines} width={width} onApplyFixes={() => findings} onOverride={() => undefined} onWriteBack={() => 'x.bak'} onNext={() => undefined} onQuit={() => undefined}/></Box>);
			const screen = ui.screen();
			const where = `${maxLines} rows at ${width} columns:\n${screen}`;
			assert.ok(screen.split('\n').length <= maxLines, where);
			assert.match(screen, /Enter apply the fix/, where);
			assert.match(screen, /^ {2}line 6 torch-wheel-mismatch: /m, where);
			assert.match(screen, /^ {4}fix: Change the base to FROM\b/m, where);
			assert.match(screen, /rescale-apptainer validate shows them all/, where);
			ui.unmount();
		}
	}
});
