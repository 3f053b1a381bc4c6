import {Box, Text, useInput} from 'ink';
import Spinner from 'ink-spinner';
import {useEffect, useState} from 'react';
import {formatBytes} from '../../format.js';
import {prepareBuild, type BuildPlan} from '../../image-build/plan.js';
import {imagesFolder, runBuild, type BuildResult} from '../../image-build/pipeline.js';
import {RescaleError} from '../../rescale/errors.js';
import type {PipelineEvent} from '../../jobs/events.js';
import type {Coretype} from '../../rescale/types.js';
import {JobPanel} from '../components/job-panel.js';
import {KeyHints} from '../components/key-hints.js';
import {useJobRun, useNow} from '../hooks.js';
import type {BuiltImage} from '../machine.js';
import type {PlatformSession, WizardServices} from '../services.js';

type Phase =
	| {name: 'planning'}
	| {name: 'plan'; plan: BuildPlan; coretype: Coretype | undefined}
	| {name: 'running'; plan: BuildPlan; coretype: Coretype | undefined; startedAt: number}
	| {name: 'done'; plan: BuildPlan; coretype: Coretype | undefined; result: BuildResult; startedAt: number; finishedAt: number}
	| {name: 'error'; message: string; hint: string};

export type BuildStepProps = {
	services: WizardServices;
	session: PlatformSession;
	fix: boolean;
	force: boolean;
	/** The user's edited def, used instead of the generated one. */
	def: string | undefined;
	logLines: number;
	width: number;
	signal: AbortSignal;
	onSubmitted: (job: string) => void;
	onBuilt: (image: BuiltImage) => void;
	/** The plan in words, for the session report. */
	onPlan: (lines: string[]) => void;
	onEvent: (event: PipelineEvent) => void;
	onNext: () => void;
	onBack: () => void;
};

const hardware = {coreType: 'emerald', coresPerSlot: 2, walltime: 2};

/** Step 4: the plan and a confirmation, then the build's live panels, then the SIF. */
export function BuildStep(props: BuildStepProps) {
	const {services, session} = props;
	const [phase, setPhase] = useState<Phase>({name: 'planning'});
	const {view, start} = useJobRun(props.onEvent, props.onSubmitted);
	const now = useNow();
	useEffect(() => {
		void (async () => {
			try {
				const plan = await prepareBuild({path: services.dockerfile.file, outDir: services.outDir, fix: props.fix, force: props.force, def: props.def, hardware, platform: session.platformId});
				const coretype = (await session.client.catalog.coretypes()).find(candidate => candidate.code === hardware.coreType);
				setPhase({name: 'plan', plan, coretype});
				props.onPlan([`job ${plan.jobName}`, `${hardware.coreType}, ${hardware.coresPerSlot} cores, walltime ${hardware.walltime} h`, `context: ${plan.context.why}`, `files: ${plan.defFile}, ${plan.scriptFile}`]);
			} catch (error) {
				setPhase({name: 'error', message: error instanceof Error ? error.message : String(error), hint: (error as {hint?: string}).hint ?? ''});
			}
		})();
	}, []); // eslint-disable-line react-hooks/exhaustive-deps

	const submit = (plan: BuildPlan, coretype: Coretype | undefined) => {
		const startedAt = Date.now();
		setPhase({name: 'running', plan, coretype, startedAt});
		start(
			onEvent => runBuild({plan, client: session.client, config: services.config, platform: session.platformId, pollMs: session.pollMs, signal: props.signal, onEvent}),
			result => {
				if (result.status === 'succeeded') {
					props.onBuilt({id: result.sif.id, name: result.sif.name, size: result.sif.decryptedSize ?? 0, job: result.job});
				}

				setPhase({name: 'done', plan, coretype, result, startedAt, finishedAt: Date.now()});
			},
			error => {
				setPhase({name: 'error', message: error instanceof Error ? error.message : String(error), hint: error instanceof RescaleError ? error.hint : ''});
			},
		);
	};

	useInput((_input, key) => {
		if (phase.name === 'plan' && key.return) {
			submit(phase.plan, phase.coretype);
		} else if (phase.name === 'done' && phase.result.status === 'succeeded' && key.return) {
			props.onNext();
		} else if (key.escape && (phase.name === 'plan' || phase.name === 'error')) {
			props.onBack();
		}
	});

	if (phase.name === 'planning') {
		return <Text><Text color="cyan"><Spinner type="dots"/></Text> Preparing the build: definition file, build script, build context…</Text>;
	}

	if (phase.name === 'error') {
		return (
			<Box flexDirection="column">
				<Text color="red">{phase.message}</Text>
				{phase.hint ? <Text>{phase.hint}</Text> : null}
				<KeyHints hints={[{key: 'Esc', label: 'back'}, {key: 'Ctrl-C', label: 'quit'}]}/>
			</Box>
		);
	}

	const {plan} = phase;
	const context = plan.context.mode === 'upload'
		? `upload ${plan.context.files} files (${formatBytes(plan.context.bytes)}, ${formatBytes(plan.context.archiveBytes)} packed): ${plan.context.why}`
		: plan.context.why;
	return (
		<Box flexDirection="column">
			<Text wrap="truncate">{`Job: ${plan.jobName}`}</Text>
			<Text wrap="truncate">{`On: ${hardware.coreType}, ${hardware.coresPerSlot} cores, walltime ${hardware.walltime} h${phase.coretype?.price === undefined ? '' : `, at most $${(phase.coretype.price * hardware.coresPerSlot * hardware.walltime).toFixed(2)}`}${session.sandbox ? ' (simulated: nothing is billed)' : ''}`}</Text>
			<Text wrap="truncate">{`Context: ${context}`}</Text>
			{phase.name === 'plan' ? <KeyHints hints={[{key: 'Enter', label: 'submit the build job'}, {key: 'Esc', label: 'back'}]}/> : null}
			{phase.name === 'running' || phase.name === 'done' ? (
				<Box marginTop={1} flexDirection="column">
					<JobPanel view={view} now={phase.name === 'done' ? phase.finishedAt : now} startedAt={phase.startedAt} logLines={props.logLines} width={props.width}/>
				</Box>
			) : null}
			{phase.name === 'done' && phase.result.status === 'succeeded' ? (
				<>
					<Text color="green">{`✓ Built ${phase.result.sif.name} (${formatBytes(phase.result.sif.decryptedSize ?? 0)}), filed in ${imagesFolder} as an input file.`}</Text>
					<KeyHints hints={[{key: 'Enter', label: 'choose a GPU and run it'}, {key: 'q', label: 'quit'}]}/>
				</>
			) : null}
			{phase.name === 'done' && phase.result.status === 'failed' ? (
				<>
					<Text color="red">{`✗ The build failed (job ${phase.result.job}). Most likely: ${phase.result.cause}`}</Text>
					<KeyHints hints={[{key: 'q', label: 'quit'}]}/>
				</>
			) : null}
		</Box>
	);
}
