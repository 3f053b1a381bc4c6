import assert from 'node:assert/strict';
import {mkdirSync, mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {test} from 'node:test';
import {Box} from 'ink';
import {RunStep} from '../../source/wizard/steps/run-step.js';
import {symbols} from '../../source/wizard/theme.js';
import {keys, renderUi} from '../helpers/ui.js';
import {sandboxSession, testServices} from '../helpers/wizard-services.js';
import {ctrlU} from '../helpers/wizard-walk.js';

const imageFiles = ['/workspace/setup.py', '/workspace/experiments/shapes.py'];

/** Step 5 at `width` columns for an uploaded image whose build plan lists its files, at the command field. */
async function atCommand(width: number, otherImages: string[] = []) {
	const services = await testServices();
	const session = await sandboxSession(services.sandbox);
	const local = path.join(mkdtempSync(path.join(tmpdir(), 'run-command-')), 'gauge-equivariant-mesh-cnn.sif');
	writeFileSync(local, 'not really an image');
	await session.client.files.upload(local);
	for (const name of otherImages) {
		const other = path.join(path.dirname(local), name);
		writeFileSync(other, 'not really an image either');
		await session.client.files.upload(other);
	}
	mkdirSync(path.join(services.outDir, 'gauge-equivariant-mesh-cnn'), {recursive: true});
	writeFileSync(path.join(services.outDir, 'gauge-equivariant-mesh-cnn', 'plan.json'), JSON.stringify({imageFiles}));
	const noop = () => undefined;
	const ui = renderUi(
		<Box width={width}>
			<RunStep services={services} session={session} image={undefined} resume={undefined} logLines={5} rows={40} width={width} signal={new AbortController().signal} onSubmitted={noop} onSettled={noop} onEnded={noop} onFinished={noop} onQuit={noop} onEvent={noop} onOutputs={noop}/>
		</Box>,
	);
	for (const question of ['Which image?', 'Which GPU coretype?', 'How big a node', 'Walltime:']) {
		await ui.waitFor(question);
		await ui.press(keys.enter);
	}

	await ui.waitFor('runscript):');
	return {ui, session};
}

test('step 5: a command with ; && > or an open quote is refused in words, before anything is submitted, and comes back to the field as typed', async () => {
	const {ui, session} = await atCommand(100);
	const cases: Array<[string, RegExp]> = [
		['python /workspace/experiments/shapes.py ; rm -rf /tmp/x', /The command has ; \(a second command\), but no shell runs it/],
		['python /workspace/experiments/shapes.py && echo done', /The command has && \(a second command\), but no shell runs it/],
		['python /workspace/experiments/shapes.py > out.txt 2>&1', /The command has > \(a redirection\), but no shell runs it/],
		['python /workspace/experiments/shapes.py --name "my run', /The command has a " quote that is never closed/],
	];
	for (const [command, said] of cases) {
		await ui.press(ctrlU, command, keys.enter);
		await ui.waitFor('Enter edit the command');
		const screen = ui.screen().replaceAll(/\s+/g, ' ');
		assert.match(screen, said);
		if (!command.includes('"')) {
			assert.ok(screen.includes(`If you need a shell, make the command: sh -c '${command}'`), screen);
		}

		await ui.press(keys.enter);
		await ui.waitFor('runscript):');
		assert.ok(ui.screen().includes(command), `the edit comes back:\n${ui.screen()}`);
	}

	assert.deepEqual(await session.client.jobs.list(), [], 'no job created');
	ui.unmount();
});

test('step 5: $HOME, "${DATA}" or ~/data is refused in words (only a shell expands it), with the single-quoted sh -c way, and the edit comes back', async () => {
	const {ui, session} = await atCommand(100);
	const cases: Array<[string, RegExp]> = [
		['python /workspace/experiments/shapes.py --data $HOME/data', /The command has \$HOME \(a variable, expanded only by a shell\), but no shell runs it: .* python would get the text \$HOME, not its value\./],
		['python /workspace/experiments/shapes.py --data "${DATA}"', /The command has \$\{DATA\} \(a variable, expanded only by a shell\)/],
		['python /workspace/experiments/shapes.py --data ~/data', /The command has ~ \(a home folder, turned into its path only by a shell\), but no shell runs it: .* python would get the text ~, not the folder's path\./],
	];
	for (const [command, said] of cases) {
		await ui.press(ctrlU, command, keys.enter);
		await ui.waitFor('Enter edit the command');
		const screen = ui.screen().replaceAll(/\s+/g, ' ');
		assert.match(screen, said);
		assert.ok(screen.includes(`A shell expands it if you make the command: sh -c '${command}'`), screen);
		await ui.press(keys.enter);
		await ui.waitFor('runscript):');
		assert.ok(ui.screen().includes(command), `the edit comes back:\n${ui.screen()}`);
	}

	// In single quotes the text is meant as it is: the check passes it to the confirmation.
	await ui.press(ctrlU, "python /workspace/experiments/shapes.py --tag '$HOME'", keys.enter);
	await ui.waitFor('Enter submit the job');
	assert.ok(ui.screen().replaceAll(/\s+/g, ' ').includes("shapes.py --tag '$HOME'"), ui.screen());
	assert.deepEqual(await session.client.jobs.list(), [], 'no job created');
	ui.unmount();
});

test('step 5: the sh -c way passes the check (its script\'s paths checked as words) and the confirmation shows it quoted as typed', async () => {
	for (const script of ['python /workspace/experiments/shapes.py > out.txt 2>&1 ; echo done', 'cd /tmp && python /workspace/experiments/shapes.py']) {
		const {ui} = await atCommand(100);
		await ui.press(ctrlU, `sh -c '${script}'`, keys.enter);
		await ui.waitFor(/Enter submit the job|Enter edit the command/);
		assert.ok(ui.screen().replaceAll(/\s+/g, ' ').includes(`Command apptainer run --nv gauge-equivariant-mesh-cnn.sif sh -c '${script}' `), ui.screen());
		assert.match(ui.screen(), /Enter submit the job/);
		ui.unmount();
	}
});

for (const width of [60, 80]) {
	test(`step 5: at ${width} columns a refused path wraps between words, no line starts with a space, the path and the fix whole`, async () => {
		const {ui} = await atCommand(width);
		await ui.press(ctrlU, 'python /experiments/shapes.py --epochs 2', keys.enter);
		await ui.waitFor('Enter edit the command');
		const lines = ui.screen().split('\n').filter(line => line.trim() !== '');
		const refusal = lines.slice(0, lines.findIndex(line => line.includes('Enter edit the command')));
		assert.equal(refusal[0], 'the command would fail on Rescale:');
		for (const line of refusal) {
			assert.doesNotMatch(line, /^\s/, `a line starts with a space:\n${refusal.join('\n')}`);
			assert.ok(line.length <= width, `wider than ${width}: ${line}`);
		}

		const words = refusal.join(' ').split(' ');
		for (const whole of ['/experiments/shapes.py', '/workspace/experiments/shapes.py.', 'gauge-equivariant-mesh-cnn.sif']) {
			assert.ok(words.includes(whole), `${whole} is cut:\n${refusal.join('\n')}`);
		}

		assert.ok(refusal.some(line => line.startsWith('/experiments/shapes.py is not in the image;')), refusal.join('\n'));
		ui.unmount();
	});
}

test('step 5: an edit left with Esc, unchecked, is in the field again after Enter on the walltime', async () => {
	const {ui, session} = await atCommand(100);
	const field = (screen: string) => screen.split('\n')[screen.split('\n').findIndex(line => line.includes('runscript):')) + 1]!.replace(symbols.cursor, '').trim();
	const suggested = field(ui.screen());
	// Key by key: a chunk typed into the untouched suggestion would be a paste, which replaces it.
	await ui.press(...' --epochs 3');
	await ui.waitFor(' --epochs 3');
	assert.equal(field(ui.screen()), `${suggested} --epochs 3`);
	await ui.press(keys.escape);
	await ui.waitFor('Walltime:');
	await ui.press(keys.enter);
	await ui.waitFor('runscript):');
	assert.equal(field(ui.screen()), `${suggested} --epochs 3`, ui.screen());
	assert.deepEqual(await session.client.jobs.list(), [], 'no job created');
	ui.unmount();
});

test('step 5: a suggestion left untouched with Esc is not kept: another image chosen after it suggests its own command', async () => {
	const {ui} = await atCommand(100, ['plain.sif']);
	const shown = () => {
		const lines = ui.screen().split('\n');
		const prompt = lines.findIndex(line => line.includes('runscript):'));
		return {image: /--nv (\S+\.sif)/.exec(ui.screen())![1]!, field: lines[prompt + 1]!.replace(symbols.cursor, '').trim()};
	};

	const suggestions: Record<string, string> = {'gauge-equivariant-mesh-cnn.sif': 'python /workspace/experiments/shapes.py', 'plain.sif': ''};
	const first = shown();
	assert.equal(first.field, suggestions[first.image]);
	await ui.press(keys.escape);
	for (const question of ['Walltime:', 'How big a node', 'Which GPU coretype?']) {
		await ui.waitFor(question);
		await ui.press(keys.escape);
	}

	await ui.waitFor('Which image?');
	await ui.press(keys.down, keys.enter);
	for (const question of ['Which GPU coretype?', 'How big a node', 'Walltime:']) {
		await ui.waitFor(question);
		await ui.press(keys.enter);
	}

	await ui.waitFor('runscript):');
	const second = shown();
	assert.notEqual(second.image, first.image);
	assert.equal(second.field, suggestions[second.image], ui.screen());
	ui.unmount();
});
