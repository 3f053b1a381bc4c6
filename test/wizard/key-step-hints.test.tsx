import assert from 'node:assert/strict';
import {createServer} from 'node:http';
import {test} from 'node:test';
import {UserError} from '../../source/errors.js';
import type {Session} from '../../source/platform/session.js';
import {KeyStep} from '../../source/wizard/steps/key-step.js';
import type {WizardServices} from '../../source/wizard/services.js';
import {symbols} from '../../source/wizard/theme.js';
import {listenOnLoopback} from '../helpers/loopback-server.js';
import {clientFor} from '../helpers/sandbox.js';
import {keys, renderUi} from '../helpers/ui.js';
import {sandboxSession, testServices} from '../helpers/wizard-services.js';

type Ui = ReturnType<typeof renderUi>;
type Calls = {back: number; quit: number; connected: Session[]};

type TestServices = Awaited<ReturnType<typeof testServices>>;

/** Step 3 with no key set up, a typed key that is refused, and the sandbox a list of projects away. */
async function stepThree(overrides: (services: TestServices) => Partial<WizardServices> = () => ({})) {
	const base = await testServices({
		async connect() {
			throw new UserError('The platform refused this API key.');
		},
	});
	const services = {...base, ...overrides(base)};
	const calls: Calls = {back: 0, quit: 0, connected: []};
	const ui = renderUi(
		<KeyStep
			services={services}
			onConnected={session => {
				calls.connected.push(session);
			}}
			onBack={() => {
				calls.back++;
			}}
			onQuit={() => {
				calls.quit++;
			}}
		/>,
	);
	return {ui, calls, services};
}

/** The test's sandbox behind a proxy that adds two projects to the account's: a project list with rows to move between. */
async function withMoreProjects(sandbox: TestServices['sandbox']) {
	const proxy = createServer(async (request, response) => {
		const chunks: Buffer[] = [];
		for await (const chunk of request) {
			chunks.push(chunk as Buffer);
		}

		const headers = Object.fromEntries(Object.entries(request.headers).filter(([name]) => !['host', 'connection', 'content-length'].includes(name))) as Record<string, string>;
		const upstream = await fetch(new URL(request.url!, sandbox.url), {method: request.method, headers, body: chunks.length > 0 ? Buffer.concat(chunks) : undefined});
		let body = await upstream.text();
		if (request.url!.startsWith('/api/v2/users/me/projects/')) {
			const page = JSON.parse(body) as {count: number; results: unknown[]};
			page.results.push({id: 'fluidsProject', name: 'Fluids group'}, {id: 'materialsProject', name: 'Materials group'});
			page.count = page.results.length;
			body = JSON.stringify(page);
		}

		response.writeHead(upstream.status, {'content-type': upstream.headers.get('content-type') ?? 'application/json'});
		response.end(body);
	});
	return {...sandbox, url: await listenOnLoopback(proxy)};
}

const chooseScreen = 'No Rescale API key is set up here';
const pointed = (ui: Ui) => ui.screen().split('\n').find(line => line.trimStart().startsWith(symbols.pointer));

/** The keys the footer names, in order. */
function hintedKeys(ui: Ui): string[] {
	const footer = ui.screen().trimEnd().split('\n').at(-1)!;
	return footer.split(`  ${symbols.dot}  `).map(hint => hint.trim().split(' ')[0]!);
}

type Screen = {
	reach: (ui: Ui) => Promise<void>;
	overrides?: (services: TestServices) => Partial<WizardServices>;
	/** What each key the screen takes does, as the test sees it. */
	acts: Record<string, (ui: Ui, calls: Calls) => Promise<void>>;
};

const moves = async (ui: Ui) => {
	const before = pointed(ui);
	await ui.press(keys.down);
	assert.notEqual(pointed(ui), before, 'Down moves the highlight');
	await ui.press(keys.up);
	assert.equal(pointed(ui), before, 'Up moves it back');
};

const quits = async (ui: Ui, calls: Calls) => {
	await ui.press('q');
	assert.equal(calls.quit, 1);
};

const backToChoose = async (ui: Ui) => {
	await ui.press(keys.escape);
	await ui.waitFor(chooseScreen);
};

const toPlatform = async (ui: Ui) => {
	await ui.press(keys.down, keys.enter);
	await ui.waitFor('Which Rescale platform');
};

const toKey = async (ui: Ui) => {
	await toPlatform(ui);
	await ui.press(keys.enter);
	await ui.waitFor('API key for https://platform.rescale.com');
};

const toFailed = async (ui: Ui) => {
	await toKey(ui);
	await ui.press('abcd1234', keys.enter);
	await ui.waitFor('The platform refused this API key.');
};

const toProject = async (ui: Ui) => {
	await ui.press(keys.enter);
	await ui.waitFor('Which project');
};

const screens: Record<string, Screen> = {
	'the first list': {
		reach: async () => undefined,
		acts: {
			[symbols.upDown]: moves,
			Enter: toProject,
			async Esc(ui, calls) {
				await ui.press(keys.escape);
				assert.equal(calls.back, 1);
			},
			q: quits,
		},
	},
	'the platform list': {
		reach: toPlatform,
		acts: {
			[symbols.upDown]: moves,
			async Enter(ui) {
				await ui.press(keys.enter);
				await ui.waitFor('API key for https://platform.rescale.com');
			},
			Esc: backToChoose,
			q: quits,
		},
	},
	'the key field': {
		reach: toKey,
		acts: {
			async Enter(ui) {
				await ui.press('abcd1234', keys.enter);
				await ui.waitFor('The platform refused this API key.');
			},
			Esc: backToChoose,
		},
	},
	'the refused key': {
		reach: toFailed,
		acts: {
			async Enter(ui) {
				await ui.press(keys.enter);
				await ui.waitFor(chooseScreen);
			},
			async Esc(ui) {
				await ui.press(keys.escape);
				await ui.waitFor(/API key for .*\n•{8} \(8 characters\)/);
			},
			q: quits,
		},
	},
	'the failed checks': {
		reach: async ui => {
			await ui.press(keys.enter);
			await ui.waitFor('Enter go on anyway');
		},
		overrides: services => ({
			async openSandbox() {
				const session = await services.openSandbox();
				// Every attempt of the checks' first request (users/me) fails; what follows succeeds.
				services.sandbox.injectFault('503', 3);
				return {...session, client: clientFor(services.sandbox, {retry: {attempts: 3, baseDelayMs: 5, maxDelayMs: 50}})};
			},
		}),
		acts: {
			async Enter(ui) {
				await ui.press(keys.enter);
				await ui.waitFor('Which project');
			},
			Esc: backToChoose,
		},
	},
	'the project list': {
		reach: toProject,
		overrides: services => ({
			openSandbox: async () => sandboxSession(await withMoreProjects(services.sandbox)),
		}),
		acts: {
			[symbols.upDown]: moves,
			async Enter(ui, calls) {
				const chosen = pointed(ui)!.trim().slice(symbols.pointer.length).trim().split('  ')[0];
				await ui.press(keys.enter);
				await ui.waitUntil(() => calls.connected.length === 1);
				assert.equal(calls.connected[0]!.project?.name, chosen);
			},
			Esc: backToChoose,
			q: quits,
		},
	},
};

/** The keys a first-timer tries on any screen: Down, Enter, Esc, q. */
const tried: Record<string, string> = {[symbols.upDown]: keys.down, Enter: keys.enter, Esc: keys.escape, q: 'q'};

for (const [name, screen] of Object.entries(screens)) {
	test(`step 3, ${name}: the footer names every key that acts there, each does what it says, and the keys it does not name do nothing`, async () => {
		const open = async () => {
			const step = await stepThree(screen.overrides);
			await screen.reach(step.ui);
			return step;
		};

		const first = await open();
		assert.deepEqual(hintedKeys(first.ui), Object.keys(screen.acts), first.ui.screen());
		first.ui.unmount();
		for (const act of Object.values(screen.acts)) {
			const {ui, calls} = await open();
			await act(ui, calls);
			ui.unmount();
		}

		// In the key field q is a letter of the key, not a key of the screen.
		for (const [hint, sequence] of Object.entries(tried).filter(([hint]) => !(hint in screen.acts) && !(name === 'the key field' && hint === 'q'))) {
			const {ui, calls} = await open();
			const before = ui.screen();
			await ui.press(sequence);
			assert.equal(ui.screen(), before, `${hint} is not named, and changes nothing`);
			assert.deepEqual({back: calls.back, quit: calls.quit, connected: calls.connected.length}, {back: 0, quit: 0, connected: 0}, hint);
			ui.unmount();
		}
	});
}
