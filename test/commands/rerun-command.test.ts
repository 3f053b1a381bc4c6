import assert from 'node:assert/strict';
import {test} from 'node:test';
import {rerunCommand} from '../../source/commands/rerun-command.js';

test('the command to run again keeps the flags that shaped the plan, drops --new and never writes the key', () => {
	assert.equal(rerunCommand(['build', 'my project', '--fix', '--api-key', 'secret-key', '--new', '--name=gem', '--api-key=other-secret', '--cores', '4']), "rescale-apptainer build 'my project' --fix --name=gem --cores 4");
});
