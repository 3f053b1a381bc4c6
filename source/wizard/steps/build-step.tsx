import {Box, Text} from 'ink';
import Spinner from 'ink-spinner';
import {useState} from 'react';
import type {Definition} from '../../definition/derive-definition.js';
import {formatBytes} from '../../format.js';
import {describeBuildPlan, prepareBuild, type BuildPlan} from '../../image-build/plan.js';
import type {Session} from '../../platform/session.js';
import {imagesFolder, runBuild, type BuildResult} from '../../image-build/pipeline.js';
import {RescaleError} from '../../rescale/errors.js';
import type {PipelineEvent} from '../../jobs/events.js';
import {BuildFailure} from '../components/build-failure.js';
import {JobPanel} from '../components/job-panel.js';
import {KeyHints} from '../components/key-hints.js';
import {useJobRun, useNow} from '../hooks.js';
import {useKeys} from '../input/use-keys.js';
import {useMountTask} from '../use-mount-task.js';
import type {BuiltImage} from '../machine.js';
import type {WizardServices} from '../services.js';
import {symbols, theme} from '../theme.js';

type Phase =
	| {name: 'planning'}
	| {name: 'plan'; plan: BuildPlan}
	| {name: 'running'; plan: BuildPlan; startedAt: number}
	| {name: 'done'; plan: BuildPlan; result: BuildResult; startedAt: number; finishedAt: number}
	| {name: 'error'; message: string; hint: string};

export type BuildStepProps = {
	services: WizardServices;
	session: Session;
	/** The def the user reviewed (generated or edited): exactly what is built. */
	definition: Definition;
	/** Build even though the Dockerfile has errors (the user chose to continue). */
	force: boolean;
	logLines: number;
	width: number;
	signal: AbortSignal;
	onSubmitted: (job: string) => void;
	/** The build ended (or could not be followed): no job runs for this step any more. */
	onSettled: () => void;
	onQuit: () => void;
	onBuilt: (image: BuiltImage) => void;
	/** The plan in words, for the session report. */
	onPlan: (lines: string[]) => void;
	onEvent: (event: PipelineEvent) => void;
	onNext: () => void;
	onBack: () => void;
};

/** Step 4: the plan and a confirmation, then the build's live panels, then the SIF. */
export function BuildStep(props: BuildStepProps) {
	const {services, session} = props;
	const [phase, setPhase] = useState<Phase>({name: 'planning'});
	const {view, start} = useJobRun(session, props.onEvent, props.onSubmitted);
	const now = useNow();
	useMountTask(async signal => {
		try {
			const plan = await prepareBuild({
					source: {dockerfile: services.dockerfile, definition: props.definition},
					outDir: services.outDir,
					force: props.force,
					hardware: {},
					coretypes: await session.client.catalog.coretypes(),
					platform: session.platformId,
				});
			if (!signal.aborted) {
				setPhase({name: 'plan', plan});
				props.onPlan(describeBuildPlan(plan));
			}
		} catch (error) {
			if (!signal.aborted) {
				setPhase({name: 'error', message: error instanceof Error ? error.message : String(error), hint: (error as {hint?: string}).hint ?? ''});
			}
		}
	});

	const submit = (plan: BuildPlan) => {
		const startedAt = Date.now();
		setPhase({name: 'running', plan, startedAt});
		start(
			onEvent => runBuild({plan, client: session.client, config: services.config, platform: session.platformId, projectId: session.project?.id, newJob: services.newJobs, pollMs: session.pollMs, signal: props.signal, onEvent}),
			result => {
				props.onSettled();
				if (result.status === 'succeeded') {
					props.onBuilt({id: result.sif.id, name: result.sif.name, size: result.sif.decryptedSize ?? 0, job: result.job});
				}

				setPhase({name: 'done', plan, result, startedAt, finishedAt: Date.now()});
			},
			error => {
				props.onSettled();
				setPhase({name: 'error', message: error instanceof Error ? error.message : String(error), hint: error instanceof RescaleError ? error.hint : ''});
			},
		);
	};

	useKeys((input, key) => {
		if (phase.name === 'plan' && key.return) {
			submit(phase.plan);
		} else if (phase.name === 'done' && phase.result.status === 'succeeded' && key.return) {
			props.onNext();
		} else if (key.escape && (phase.name === 'plan' || phase.name === 'error')) {
			props.onBack();
		} else if (input === 'q') {
			props.onQuit();
		}
	});

	if (phase.name === 'planning') {
		return <Text><Text color={theme.accent}><Spinner type="dots"/></Text> Preparing the build: definition file, build script, build context…</Text>;
	}

	if (phase.name === 'error') {
		return (
			<Box flexDirection="column">
				<Text color={theme.error}>{phase.message}</Text>
				{phase.hint ? <Text>{phase.hint}</Text> : null}
				<KeyHints hints={[{key: 'Esc', label: 'back'}, {key: 'q', label: 'quit'}]}/>
			</Box>
		);
	}

	const [job, on, context] = describeBuildPlan(phase.plan);
	return (
		<Box flexDirection="column">
			<Text wrap="truncate">{job}</Text>
			<Text wrap="truncate">{`${on}${session.embeddedSandbox ? ' (simulated: nothing is billed)' : ''}`}</Text>
			<Text wrap="truncate">{context}</Text>
			{phase.name === 'plan' ? <KeyHints hints={[{key: 'Enter', label: 'submit the build job'}, {key: 'Esc', label: 'back'}, {key: 'q', label: 'quit'}]}/> : null}
			{phase.name === 'running' || phase.name === 'done' ? (
				<Box marginTop={1} flexDirection="column">
					<JobPanel view={view} now={phase.name === 'done' ? phase.finishedAt : now} startedAt={phase.startedAt} logLines={props.logLines} width={props.width}/>
				</Box>
			) : null}
			{phase.name === 'done' && phase.result.status === 'succeeded' ? (
				<>
					<Text color={theme.success}>{`${symbols.done} Built ${phase.result.sif.name} (${formatBytes(phase.result.sif.decryptedSize ?? 0)}), filed in ${imagesFolder} as an input file.`}</Text>
					<KeyHints hints={[{key: 'Enter', label: 'choose a GPU and run it'}, {key: 'q', label: 'quit'}]}/>
				</>
			) : null}
			{phase.name === 'done' && phase.result.status === 'failed' ? (
				<>
					<BuildFailure result={phase.result} findings={phase.plan.findings}/>
					<KeyHints hints={[{key: 'q', label: 'quit'}]}/>
				</>
			) : null}
		</Box>
	);
}
