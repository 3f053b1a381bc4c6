import {Box, Text, useInput} from 'ink';
import Spinner from 'ink-spinner';
import {useContext, useRef, useState} from 'react';
import {UserError} from '../../errors.js';
import type {AvailableKey} from '../../platform/credentials.js';
import {runDoctorChecks, type DoctorCheck} from '../../platform/doctor.js';
import type {Project} from '../../platform/project.js';
import type {Session} from '../../platform/session.js';
import {platforms} from '../../rescale/platforms.js';
import {RescaleError} from '../../rescale/errors.js';
import {EndingContext} from '../components/ending.js';
import {KeyHints} from '../components/key-hints.js';
import {Paragraph} from '../components/paragraph.js';
import {SecretInput} from '../components/secret-input.js';
import {SelectList} from '../components/select-list.js';
import {useMountTask} from '../use-mount-task.js';
import type {WizardServices} from '../services.js';
import {spinnerType, symbols, theme} from '../theme.js';

/** The wizards (by their services) whose step 3 has already opened the sandbox that --sandbox asks for. */
const sandboxOpened = new WeakSet<WizardServices>();

type Choice = {kind: 'sandbox'} | {kind: 'key'; key: AvailableKey} | {kind: 'enter'};

type Phase =
	| {name: 'choose'}
	| {name: 'platform'}
	| {name: 'key'; platform: string; apiKey?: string}
	/** `back`: where Esc returns while a key is being checked (the check is cancelled). */
	| {name: 'verifying'; what: string; back?: Phase}
	| {name: 'remember'; session: Session; platform: string; apiKey: string; email: string}
	| {name: 'doctor'; session: Session; failed: DoctorCheck[]}
	| {name: 'project'; session: Session; projects: Project[]}
	/** `byKey`: another key or platform may help (the key was refused, the platform not reached): the hint says where Esc goes. */
	| {name: 'failed'; message: string; hint: string; back?: Phase; byKey?: boolean};

export type KeyStepProps = {services: WizardServices; onConnected: (session: Session) => void; onBack: () => void; onQuit: () => void};

const keyLabels: Record<AvailableKey['source'], string> = {
	'the key typed in': 'Use the key typed in',
	'the --api-key flag': 'Use the key given with --api-key',
	RESCALE_API_KEY: 'Use the key from RESCALE_API_KEY',
	'the stored key': 'Use the stored key',
};

/**
 * Step 3: where the jobs go. The keys set up (--api-key, RESCALE_API_KEY, the stored one, in that
 * order) are offered first, for the platform --platform, RESCALE_PLATFORM or the stored settings
 * name; with none, the embedded sandbox is (and says it is a simulation). A typed key is masked,
 * checked live against the platform, and stored (0600) only if the user says so.
 */
export function KeyStep({services, onConnected, onBack, onQuit}: KeyStepProps) {
	const {settings} = services;
	// --sandbox opens the sandbox the first time only. Once it is open step 3 is passed by (machine.ts); back
	// here after it failed to start, the user wants to choose (or go further back).
	const [autoSandbox] = useState(() => services.forceSandbox && !sandboxOpened.has(services));
	const [phase, setPhase] = useState<Phase>(autoSandbox ? {name: 'verifying', what: 'Starting the sandbox'} : {name: 'choose'});
	const ending = useContext(EndingContext);
	/** Cancels the key check in progress (Esc). */
	const check = useRef<AbortController>(undefined);
	const failWith = (error: unknown, back?: Phase) => {
		const byKey = error instanceof RescaleError && (error.kind === 'auth' || error.kind === 'network' || error.kind === 'tls');
		setPhase({name: 'failed', message: error instanceof Error ? error.message : String(error), hint: error instanceof RescaleError ? wizardHint(error) : (error instanceof UserError && error.hint) || '', back, byKey});
	};

	/** With no project set, an account that has projects is asked for one: some workspaces refuse jobs without. */
	const chooseProject = async (session: Session) => {
		if (session.project) {
			onConnected(session);
			return;
		}

		try {
			const projects = await session.client.users.projects();
			// The embedded sandbox's session does not look up the project remembered for it.
			const remembered = projects.find(project => project.id === session.config.project(session.platformId));
			if (projects.length === 0 || remembered) {
				onConnected({...session, project: remembered});
			} else {
				setPhase({name: 'project', session, projects});
			}
		} catch (error) {
			failWith(error);
		}
	};

	/** doctor's read-only checks, before anything is uploaded: what fails is shown, the rest goes on. */
	const preflight = async (session: Session) => {
		setPhase({name: 'verifying', what: `Checking what ${session.label} offers this account (analysis, coretypes, projects, folders)`});
		try {
			const failed = (await runDoctorChecks(session)).filter(check => !check.ok);
			if (failed.length === 0) {
				await chooseProject(session);
			} else {
				setPhase({name: 'doctor', session, failed});
			}
		} catch (error) {
			failWith(error);
		}
	};

	const connect = async (what: string, open: (signal: AbortSignal) => Promise<Session & {email?: string}>, remember?: {platform: string; apiKey: string}, back?: Phase) => {
		const controller = new AbortController();
		check.current = controller;
		setPhase({name: 'verifying', what, back});
		try {
			const session = await open(controller.signal);
			if (remember && session.email) {
				setPhase({name: 'remember', session, email: session.email, ...remember});
			} else {
				await preflight(session);
			}
		} catch (error) {
			// Cancelled with Esc: the screen has already gone back.
			if (!controller.signal.aborted) {
				failWith(error, back);
			}
		}
	};

	useMountTask(async () => {
		if (autoSandbox) {
			sandboxOpened.add(services);
			await connect('Starting the sandbox', services.openSandbox);
		}
	});

	const choose = (choice: Choice) => {
		if (choice.kind === 'sandbox') {
			void connect('Starting the sandbox', services.openSandbox);
		} else if (choice.kind === 'key') {
			void connect(`Checking ${choice.key.source} with ${settings.platform}`, async signal => services.connect(settings.platform, choice.key, signal), undefined, {name: 'choose'});
		} else {
			// A platform named by --platform or RESCALE_PLATFORM needs no list.
			setPhase(settings.platformChosen ? {name: 'key', platform: settings.platform} : {name: 'platform'});
		}
	};

	useInput((input, key) => {
		if (phase.name === 'verifying') {
			if (key.escape && phase.back) {
				check.current?.abort();
				setPhase(phase.back);
			}
		} else if (phase.name === 'failed' && key.return) {
			setPhase({name: 'choose'});
		} else if (phase.name === 'remember') {
			if (input === 'y' || input === 'n' || key.return) {
				const {session} = phase;
				const stored = input === 'y' ? services.config.saveCredentials(phase.platform, phase.apiKey) : Promise.resolve();
				void stored.then(async () => preflight(session), failWith);
			}
		} else if (phase.name === 'doctor' && key.return) {
			void chooseProject(phase.session);
		} else if ((phase.name === 'doctor' || phase.name === 'project') && key.escape) {
			setPhase({name: 'choose'});
		} else if (phase.name === 'failed' && key.escape && phase.back) {
			setPhase(phase.back);
		} else if (input === 'q' && (phase.name === 'choose' || phase.name === 'platform' || phase.name === 'project' || phase.name === 'failed')) {
			// On the lists and the failure, as on every other list; not in the key field, where q is a letter of the key.
			onQuit();
		} else if (key.escape && (phase.name === 'choose' || phase.name === 'failed')) {
			onBack();
		} else if (key.escape && (phase.name === 'platform' || phase.name === 'key')) {
			setPhase({name: 'choose'});
		}
	});

	/** The three lists' keys: Esc goes back (to step 2 from the first list, to the first list from the others). */
	const listHints = [{key: symbols.upDown, label: 'choose'}, {key: 'Enter', label: 'select'}, {key: 'Esc', label: 'back'}, {key: 'q', label: 'quit'}];
	const items = [
		...settings.keys.map(key => ({label: keyLabels[key.source], value: {kind: 'key', key} as Choice, hint: settings.platform})),
		{label: 'Use the sandbox: a simulation of Rescale on this machine', value: {kind: 'sandbox'} as Choice, hint: 'nothing runs remotely, nothing is billed'},
		{label: 'Enter a Rescale API key', value: {kind: 'enter'} as Choice, hint: 'Rescale: Settings > API'},
	];
	return (
		<Box flexDirection="column">
			{phase.name === 'choose' ? (
				<>
					<Paragraph>{settings.keys.length > 0 ? 'A key is available; check it, or choose another way:' : 'No Rescale API key is set up here. Try everything in the sandbox first, or enter a key:'}</Paragraph>
					<SelectList items={items} onSelect={choose}/>
					<KeyHints hints={listHints}/>
				</>
			) : null}
			{phase.name === 'platform' ? (
				<>
					<Paragraph>Which Rescale platform is the key for? (A key works only on its own.)</Paragraph>
					<SelectList items={Object.entries(platforms).map(([name, url]) => ({label: url, value: url, hint: name}))} onSelect={platform => {
						setPhase({name: 'key', platform});
					}}/>
					<KeyHints hints={listHints}/>
				</>
			) : null}
			{phase.name === 'key' ? (
				<>
					<Paragraph>{`API key for ${phase.platform} (hidden):`}</Paragraph>
					<SecretInput initial={phase.apiKey} onSubmit={apiKey => {
						void connect(`Checking the key with ${phase.platform}`, async signal => services.connect(phase.platform, {apiKey, source: 'the key typed in'}, signal), {platform: phase.platform, apiKey}, {name: 'key', platform: phase.platform, apiKey});
					}}/>
					<KeyHints hints={[{key: 'Enter', label: 'check the key'}, {key: 'Esc', label: 'back'}]}/>
				</>
			) : null}
			{phase.name === 'verifying' ? (
				<>
					<Paragraph><Text color={theme.accent}><Spinner type={spinnerType}/></Text>{` ${phase.what}${symbols.ellipsis}`}</Paragraph>
					{phase.back ? <KeyHints hints={[{key: 'Esc', label: 'cancel the check'}]}/> : null}
				</>
			) : null}
			{phase.name === 'remember' ? (
				<>
					<Paragraph color={theme.success}>{`${symbols.done} The key works: signed in as ${phase.email}.`}</Paragraph>
					<Paragraph>Remember it on this machine (in a file only you can read)? y / N</Paragraph>
				</>
			) : null}
			{phase.name === 'doctor' ? (
				<>
					<Paragraph color={theme.warning}>{`Before anything is uploaded: ${phase.failed.length} check(s) of ${phase.session.label} failed (rescale-apptainer doctor runs them all):`}</Paragraph>
					{phase.failed.map(check => (
						<Box key={check.check} flexDirection="column">
							<Paragraph color={theme.error}>{`${symbols.failed} ${check.check}: ${check.detail}`}</Paragraph>
							{check.todo ? <Paragraph>{`  ${check.todo}`}</Paragraph> : null}
						</Box>
					))}
					<KeyHints hints={[{key: 'Enter', label: 'go on anyway'}, {key: 'Esc', label: 'back: another key or the sandbox'}]}/>
				</>
			) : null}
			{phase.name === 'project' ? (
				<>
					<Paragraph>{`Which project are the jobs charged to? This account has ${phase.projects.length} (some workspaces refuse jobs without one); the choice is remembered for ${phase.session.label}.`}</Paragraph>
					<SelectList limit={8} items={phase.projects.map(project => ({key: project.id, label: project.name, value: project, hint: project.id}))} onSelect={project => {
						void phase.session.config.rememberProject(phase.session.platformId, project.id).then(() => {
							onConnected({...phase.session, project});
						}, failWith);
					}}/>
					<KeyHints hints={listHints}/>
				</>
			) : null}
			{phase.name === 'failed' ? (
				<>
					<Paragraph color={theme.error}>{phase.message}</Paragraph>
					{phase.hint ? <Paragraph>{`${phase.hint}${phase.byKey && phase.back && !ending ? ` Esc to ${escapeLabel(phase.back)}.` : ''}`}</Paragraph> : null}
					<KeyHints hints={[{key: 'Enter', label: 'try again'}, {key: 'Esc', label: phase.back ? escapeLabel(phase.back) : 'back'}, {key: 'q', label: 'quit'}]}/>
				</>
			) : null}
		</Box>
	);
}

/** The platform's hint in the wizard's terms: a refused key names no command-line flag here. */
function wizardHint(error: RescaleError): string {
	return error.kind === 'auth' ? 'Check the API key, and that it belongs to this platform: a key works only on the platform region it was made on (eu, jp, kr...).' : error.hint;
}

/** What Esc does on a failed check, in the footer and in the hint alike: back to the key field, or to the list of keys. */
function escapeLabel(back: Phase): string {
	return back.name === 'key' ? 'change the key' : 'choose another key or the sandbox';
}
