import {Box, Text, useInput} from 'ink';
import Spinner from 'ink-spinner';
import {useState} from 'react';
import {formatBytes} from '../../format.js';
import {simpleCommands} from '../../dockerfile/shell-words.js';
import type {PipelineEvent} from '../../jobs/events.js';
import {isGpuCoretype, type Coretype, type RescaleFile} from '../../rescale/types.js';
import {formatDollars, gpusFor} from '../../jobs/hardware.js';
import type {Session} from '../../platform/session.js';
import {describeRunPlan, imageFilesFor, listImages, prepareRun, runJob, type RunPlan, type RunResult} from '../../run/pipeline.js';
import {JobPanel} from '../components/job-panel.js';
import {KeyHints} from '../components/key-hints.js';
import {SelectList} from '../components/select-list.js';
import {TextField} from '../components/text-field.js';
import {useJobRun, useNow} from '../hooks.js';
import {useMountTask} from '../use-mount-task.js';
import type {BuiltImage} from '../machine.js';
import type {WizardServices} from '../services.js';

type Phase =
	| {name: 'loading'}
	| {name: 'sif'; images: RescaleFile[]; coretypes: Coretype[]}
	| {name: 'coretype'; sif: RescaleFile; coretypes: Coretype[]}
	| {name: 'cores'; sif: RescaleFile; coretype: Coretype}
	| {name: 'walltime'; sif: RescaleFile; coretype: Coretype; cores: number}
	| {name: 'command'; sif: RescaleFile; coretype: Coretype; cores: number; walltime: number}
	| {name: 'checking'}
	| {name: 'confirm'; plan: RunPlan}
	| {name: 'running'; plan: RunPlan; startedAt: number}
	| {name: 'done'; plan: RunPlan; result: RunResult; startedAt: number; finishedAt: number}
	| {name: 'error'; message: string; hint: string; retry?: Phase};

export type RunStepProps = {
	services: WizardServices;
	session: Session;
	image: BuiltImage | undefined;
	logLines: number;
	width: number;
	signal: AbortSignal;
	onSubmitted: (job: string) => void;
	onFinished: () => void;
	onEvent: (event: PipelineEvent) => void;
	/** One line per output file, for the session report. */
	onOutputs: (lines: string[]) => void;
};

/** Step 5: the image, a GPU coretype with its price, the command (checked), then the run's panels. */
export function RunStep(props: RunStepProps) {
	const {services, session} = props;
	const [phase, setPhase] = useState<Phase>({name: 'loading'});
	const {view, start} = useJobRun(session, props.onEvent, props.onSubmitted);
	const now = useNow();
	const fail = (error: unknown, retry?: Phase) => {
		setPhase({name: 'error', message: error instanceof Error ? error.message : String(error), hint: (error as {hint?: string}).hint ?? '', retry});
	};

	useMountTask(async signal => {
		try {
			const images = await listImages(session.client);
			const built = images.filter(file => file.id === props.image?.id);
			const coretypes = (await session.client.catalog.coretypes()).filter(coretype => isGpuCoretype(coretype));
			if (!signal.aborted) {
				setPhase({name: 'sif', images: [...built, ...images.filter(file => file.id !== props.image?.id)], coretypes});
			}
		} catch (error) {
			if (!signal.aborted) {
				fail(error);
			}
		}
	});

	const check = async (choice: {sif: RescaleFile; coretype: Coretype; cores: number; walltime: number}, command: string) => {
		const back: Phase = {name: 'command', ...choice};
		setPhase({name: 'checking'});
		try {
			const words = simpleCommands(command).flatMap(simple => simple.words);
			const plan = await prepareRun(session.client, {sif: choice.sif.id, coretype: choice.coretype.code, cores: choice.cores, walltime: choice.walltime, command: words, outDir: services.outDir, platform: session.platformId});
			setPhase({name: 'confirm', plan});
		} catch (error) {
			fail(error, back);
		}
	};

	const submit = (plan: RunPlan) => {
		const startedAt = Date.now();
		setPhase({name: 'running', plan, startedAt});
		start(
			onEvent => runJob({plan, client: session.client, config: services.config, platform: session.platformId, projectId: session.project?.id, newJob: services.newJobs, pollMs: session.pollMs, signal: props.signal, onEvent}),
			result => {
				props.onOutputs(result.outputs.map(file => `output ${file.relativePath ?? file.name} (${formatBytes(file.decryptedSize ?? 0)}, file id ${file.id})`));
				setPhase({name: 'done', plan, result, startedAt, finishedAt: Date.now()});
			},
			error => {
				fail(error);
			},
		);
	};

	useInput((_input, key) => {
		if (phase.name === 'confirm' && key.return) {
			submit(phase.plan);
		} else if (phase.name === 'done' && key.return) {
			props.onFinished();
		} else if (phase.name === 'error' && key.return && phase.retry) {
			setPhase(phase.retry);
		}
	}, {isActive: ['confirm', 'done', 'error'].includes(phase.name)});

	if (phase.name === 'loading' || phase.name === 'checking') {
		return <Text><Text color="cyan"><Spinner type="dots"/></Text>{phase.name === 'loading' ? ' Listing your images and the GPU coretypes…' : ' Checking the command against the image…'}</Text>;
	}

	if (phase.name === 'error') {
		return (
			<Box flexDirection="column">
				<Text color="red">{phase.message}</Text>
				{phase.hint ? <Text>{phase.hint}</Text> : null}
				<KeyHints hints={phase.retry ? [{key: 'Enter', label: 'edit the command'}, {key: 'q', label: 'quit'}] : [{key: 'q', label: 'quit'}]}/>
			</Box>
		);
	}

	if (phase.name === 'sif') {
		return (
			<Box flexDirection="column">
				<Text>Which image?</Text>
				<SelectList key="image" items={phase.images.map(file => ({label: file.name, value: file, hint: `${formatBytes(file.decryptedSize ?? 0)}${file.id === props.image?.id ? ', just built' : ''}`}))} onSelect={sif => {
					setPhase({name: 'coretype', sif, coretypes: phase.coretypes});
				}}/>
				<KeyHints hints={[{key: '↑/↓', label: 'choose'}, {key: 'Enter', label: 'select'}]}/>
			</Box>
		);
	}

	if (phase.name === 'coretype') {
		return (
			<Box flexDirection="column">
				<Text>Which GPU coretype? (price per hour for the smallest node)</Text>
				<SelectList key="coretype" items={phase.coretypes.map(coretype => ({label: coretype.name, value: coretype, hint: describe(coretype)}))} onSelect={coretype => {
					setPhase({name: 'cores', sif: phase.sif, coretype});
				}}/>
				<KeyHints hints={[{key: '↑/↓', label: 'choose'}, {key: 'Enter', label: 'select'}]}/>
			</Box>
		);
	}

	if (phase.name === 'cores') {
		const {coretype} = phase;
		return (
			<Box flexDirection="column">
				<Text>{`How big a node of ${coretype.name}?`}</Text>
				<SelectList key="cores" items={coretype.cores.map(cores => ({label: `${cores} cores, ${gpusFor(coretype, cores)} GPU(s)`, value: cores, hint: coretype.price === undefined ? undefined : `${formatDollars(coretype.price * cores)}/h`}))} onSelect={cores => {
					setPhase({name: 'walltime', sif: phase.sif, coretype, cores});
				}}/>
				<KeyHints hints={[{key: '↑/↓', label: 'choose'}, {key: 'Enter', label: 'select'}]}/>
			</Box>
		);
	}

	if (phase.name === 'walltime') {
		const hourly = phase.coretype.price === undefined ? undefined : phase.coretype.price * phase.cores;
		return (
			<Box flexDirection="column">
				<Text>Walltime: the job is stopped when it runs this long (you pay for what it uses, at most this).</Text>
				<SelectList key="walltime" items={[1, 2, 4, 8, 24].map(hours => ({label: `${hours} h`, value: hours, hint: hourly === undefined ? undefined : `at most ${formatDollars(hourly * hours)}`}))} onSelect={walltime => {
					setPhase({name: 'command', sif: phase.sif, coretype: phase.coretype, cores: phase.cores, walltime});
				}}/>
				<KeyHints hints={[{key: '↑/↓', label: 'choose'}, {key: 'Enter', label: 'select'}]}/>
			</Box>
		);
	}

	if (phase.name === 'command') {
		return (
			<Box flexDirection="column">
				<Text wrap="truncate">{`Command after apptainer run --nv ${phase.sif.name} (edit it, or empty for the image's own runscript):`}</Text>
				<TextField initial={suggestedCommand(phase.sif.name, services.outDir)} onSubmit={command => {
					void check(phase, command);
				}}/>
				<KeyHints hints={[{key: 'Enter', label: 'check the command'}, {key: 'Backspace', label: 'edit'}]}/>
			</Box>
		);
	}

	const {plan} = phase;
	const [command, on] = describeRunPlan(plan);
	return (
		<Box flexDirection="column">
			<Text wrap="truncate">{command}</Text>
			<Text wrap="truncate">{`${on}${session.embeddedSandbox ? ' (simulated: nothing is billed)' : ''}`}</Text>
			{plan.warnings.map(warning => <Text key={warning} color="yellow" wrap="truncate-end">{`! ${warning}`}</Text>)}
			{phase.name === 'confirm' ? <KeyHints hints={[{key: 'Enter', label: 'submit the job'}, {key: 'Ctrl-C', label: 'quit'}]}/> : null}
			{phase.name === 'running' || phase.name === 'done' ? (
				<Box marginTop={1} flexDirection="column">
					<JobPanel view={view} now={phase.name === 'done' ? phase.finishedAt : now} startedAt={phase.startedAt} logLines={props.logLines} width={props.width}/>
				</Box>
			) : null}
			{phase.name === 'done' ? (
				<>
					<Text color="green">{`✓ Job ${phase.result.job} ${phase.result.final.status} (${phase.result.final.statusReason}). Output files:`}</Text>
					{phase.result.outputs.map(file => <Text key={file.id} wrap="truncate">{`  ${file.relativePath ?? file.name}  ${formatBytes(file.decryptedSize ?? 0)}`}</Text>)}
					<KeyHints hints={[{key: 'Enter', label: 'finish'}]}/>
				</>
			) : null}
		</Box>
	);
}

function describe(coretype: Coretype): string {
	const cores = coretype.cores[0] ?? 0;
	const gpus = coretype.gpuCounts[0] ?? 0;
	const memory = coretype.memory === undefined ? '' : `, ${Math.round((coretype.memory * cores) / 1024)} GB`;
	const price = coretype.price === undefined ? '' : `, ${formatDollars(coretype.price * cores)}/h`;
	return `${coretype.processorInfo ?? ''}; ${gpus} GPU x ${cores} cores${memory}${price}`;
}

/** A training script the build put in the image, if there is an obvious one. */
function suggestedCommand(sifName: string, outDir: string): string {
	const files = imageFilesFor(sifName, outDir) ?? [];
	const script = files.find(file => /\/experiments\/[^/]+\.py$/.test(file)) ?? files.find(file => /(?:^|\/)(?:train|main|run)\.py$/.test(file));
	return script ? `python ${script}` : '';
}
