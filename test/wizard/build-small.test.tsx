import assert from 'node:assert/strict';
import {test} from 'node:test';
import {Box} from 'ink';
import {act} from 'react';
import {render} from 'ink-testing-library';
import stripAnsi from 'strip-ansi';
import {deriveDefinition} from '../../source/definition/derive-definition.js';
import {FitRows} from '../../source/wizard/components/fit-rows.js';
import {BuildStep} from '../../source/wizard/steps/build-step.js';
import {confirmDelayMs} from '../../source/wizard/steps/run-machine.js';
import {keys} from '../helpers/ui.js';
import {pause} from '../helpers/wizard-walk.js';
import {sandboxSession, testServices} from '../helpers/wizard-services.js';

/** Step 4 as the wizard holds it (FitRows at the step's rows) on a short terminal: every frame from the plan to the built image. */
async function buildFrames(width: number, rows: number): Promise<string[]> {
	const services = await testServices();
	const session = await sandboxSession(services.sandbox);
	const definition = deriveDefinition({text: services.dockerfile.text, context: services.context, fix: true});
	let built = false;
	const noop = () => undefined;
	let instance!: ReturnType<typeof render>;
	act(() => {
		instance = render(
			<Box width={width}>
				<FitRows rows={rows}>
					<BuildStep services={services} session={session} definition={definition} fixes={definition.fixes} force={false} rows={rows} width={width} signal={new AbortController().signal} onSubmitted={noop} onSettled={noop} onQuit={noop} onEnded={() => {
						built = true;
					}} onPlan={noop} onEvent={noop} onNext={noop} onBack={noop} onAgain={noop}/>
				</FitRows>
			</Box>,
		);
	});
	const until = async (done: () => boolean) => {
		const start = Date.now();
		while (!done()) {
			assert.ok(Date.now() - start < 60_000, `timed out; screen:\n${stripAnsi(instance.lastFrame() ?? '')}`);
			await act(async () => pause(20));
		}
	};

	await until(() => stripAnsi(instance.lastFrame() ?? '').includes('Enter submit the build job'));
	await act(async () => pause(confirmDelayMs));
	await act(async () => {
		instance.stdin.write(keys.enter);
	});
	await until(() => built);
	const frames = instance.frames.map(frame => stripAnsi(frame));
	act(() => {
		instance.unmount();
	});
	return frames;
}

/** Frames of the followed build that do not show the whole plan, each checked to say so. */
function assertCutsSaid(frames: string[], rows: number): string[] {
	const running = frames.filter(frame => frame.includes('Elapsed'));
	assert.ok(running.length > 0, 'the build was followed');
	const cut = running.filter(frame => !frame.startsWith('Job: DO NOT REMOVE'));
	for (const frame of running) {
		assert.ok(frame.split('\n').length <= rows, `within its rows:\n${frame}`);
	}

	for (const frame of cut) {
		assert.match(frame.split('\n')[0]!, /^… \d+ lines above cut off$/, `the cut is said:\n${frame}`);
	}

	assert.ok(cut.length > 0, 'the log outgrew the rows');
	return cut;
}

test('step 4 at 70x20: the job panel cuts the plan from the top, says so, and keeps the cost ceiling in view', async () => {
	// The wizard's header takes four of the twenty rows.
	for (const frame of assertCutsSaid(await buildFrames(70, 16), 16)) {
		assert.match(frame, /at most \$0\.\d\d on demand/, `the cost ceiling stays:\n${frame}`);
	}
});

test('step 4 at 60x15: whenever the plan is not all in view a line says so', async () => {
	assertCutsSaid(await buildFrames(60, 11), 11);
});
