import {Box, Text} from 'ink';
import Spinner from 'ink-spinner';
import {useContext, useEffect, useMemo, useReducer} from 'react';
import type {ImageGpuFacts} from '../../dockerfile/image-gpu-facts.js';
import {formatAge, formatBytes} from '../../format.js';
import {gpuCompatibility} from '../../gpu/compatibility.js';
import type {PipelineEvent} from '../../jobs/events.js';
import {isGpuCoretype, type Coretype} from '../../rescale/types.js';
import {formatDollars, gpusFor, hourlyPrice} from '../../jobs/hardware.js';
import type {Session} from '../../platform/session.js';
import {CoretypeMisfit, imageFactsFor} from '../../run/coretype-fit.js';
import {describeOutcome} from '../../run/describe-outcome.js';
import {downloadOutputs, headlessDownloadCommand} from '../../run/download-outputs.js';
import {describeRunPlan, imageFilesFor, listImages, prepareRun, runJob, type RunPlan, type RunResult} from '../../run/pipeline.js';
import {DownloadPanel, shownFolder} from '../components/download-panel.js';
import {EndingContext} from '../components/ending.js';
import {JobPanel, metricsLine, timelineText} from '../components/job-panel.js';
import {Paragraph} from '../components/paragraph.js';
import {wrappedRows} from '../cut-text.js';
import {NodeGpus} from '../components/node-gpus.js';
import {RunOutcome} from '../components/run-outcome.js';
import {KeyHints, type KeyHint} from '../components/key-hints.js';
import {ChoiceScreen} from '../components/choice-screen.js';
import {TextField} from '../components/text-field.js';
import {useJobRun, useJobView, useNow} from '../hooks.js';
import {formatElapsed, statusEntries, type JobView} from '../job-view.js';
import {useKeys} from '../input/use-keys.js';
import {saveRunPlan} from '../run-plans.js';
import {spinnerType, symbols, theme} from '../theme.js';
import {useLatest} from '../use-latest.js';
import {useMountTask} from '../use-mount-task.js';
import type {BuiltImage} from '../machine.js';
import type {WizardServices} from '../services.js';
import {downloadable, finishable, initialRunState, outputsFolder, runReducer, type RunPhase} from './run-machine.js';
import {PlanLines} from './run-plan-lines.js';

export type RunStepProps = {
	services: WizardServices;
	session: Session;
	image: BuiltImage | undefined;
	/** A run submitted by an earlier session and still in flight: followed, never submitted again. */
	resume: RunPlan | undefined;
	logLines: number;
	/** Rows this step may take: the wizard's live frame must stay shorter than the terminal. */
	rows: number;
	width: number;
	signal: AbortSignal;
	onSubmitted: (job: string) => void;
	/** The job ended (or could not be followed): it no longer runs. */
	onSettled: () => void;
	/** The run ended: its result line and timeline go to the history above the live frame. */
	onEnded: (end: {ok: boolean; headline: string; timeline: string[]}) => void;
	/** Enter after the run: whether its command succeeded decides the wizard's exit code. */
	onFinished: (succeeded: boolean) => void;
	onQuit: () => void;
	/** Pipeline events, and `step` lines (the run plan, downloads), for the session report. */
	onEvent: (event: PipelineEvent) => void;
	/** One line per output file, for the session report. */
	onOutputs: (lines: string[]) => void;
};

const choose: KeyHint[] = [{key: symbols.upDown, label: 'choose'}, {key: 'Enter', label: 'select'}];

/** Step 5: the image, a GPU coretype with its price, the command (checked), a confirmation, then the run. */
export function RunStep(props: RunStepProps) {
	const {services, session} = props;
	const [state, dispatch] = useReducer(runReducer, props.resume, initialRunState);
	const {phase} = state;
	const {view, start} = useJobRun(session, props.onEvent, props.onSubmitted);
	const [downloadView, foldDownload] = useJobView();
	const report = useLatest(props.onEvent);
	const now = useNow(phase.name === 'running');
	// The coretype list is judged by the chosen image's own build plan, never by the Dockerfile just built.
	const chosen = phase.name === 'coretype' ? phase.sif.name : undefined;
	const facts = useMemo(() => (chosen === undefined ? undefined : imageFactsFor(chosen, services.outDir)), [chosen, services.outDir]);
	const fail = (error: unknown) => {
		if (error instanceof CoretypeMisfit) {
			dispatch({type: 'misfit', message: error.message, fits: error.fits});
			return;
		}

		dispatch({type: 'failed', message: error instanceof Error ? error.message : String(error), hint: (error as {hint?: string}).hint ?? ''});
	};

	useMountTask(async signal => {
		if (props.resume) {
			return;
		}

		try {
			const [images, catalog, user] = await Promise.all([listImages(session.client), session.client.catalog.coretypes(), session.client.users.me()]);
			const coretypes = catalog.filter(coretype => isGpuCoretype(coretype));
			const built = images.filter(file => file.id === props.image?.id);
			if (!signal.aborted) {
				dispatch({type: 'loaded', images: [...built, ...images.filter(file => file.id !== props.image?.id)], coretypes, maxHours: user.maxJobHours});
			}
		} catch (error) {
			if (!signal.aborted) {
				fail(error);
			}
		}
	});

	// The command check runs when the reducer enters `checking`.
	const checking = phase.name === 'checking' ? phase : undefined;
	useEffect(() => {
		if (!checking) {
			return;
		}

		const {choice, words} = checking;
		prepareRun(session.client, {sif: choice.sif.id, coretype: choice.coretype.code, cores: choice.cores, walltime: choice.walltime, command: words, outDir: services.outDir, platform: session.platformId}).then(plan => {
			dispatch({type: 'checked', plan, at: Date.now()});
		}, fail);
		// eslint-disable-next-line react-hooks/exhaustive-deps -- one check per entry into `checking`
	}, [checking]);

	// The job starts when the reducer enters `running`: after a confirmed Enter, or at once for a run to follow again.
	const running = phase.name === 'running' ? phase : undefined;
	useEffect(() => {
		if (!running) {
			return;
		}

		const {plan} = running;
		props.onEvent({kind: 'step', message: `Run plan: image ${plan.sif.name} (file id ${plan.sif.id}); ${describeRunPlan(plan).join('; ')}`});
		start(
			async onEvent => {
				saveRunPlan(services.outDir, plan);
				return runJob({plan, client: session.client, config: services.config, platform: session.platformId, projectId: session.project?.id, newJob: services.newJobs && !props.resume, pollMs: session.pollMs, signal: props.signal, onEvent});
			},
			result => {
				props.onOutputs([...describeOutcome(result.outcome), ...result.outputs.map(file => `output ${file.relativePath ?? file.name} (${formatBytes(file.decryptedSize ?? 0)}, file id ${file.id})`)]);
				props.onSettled();
				dispatch({type: 'finished', result, at: Date.now()});
			},
			error => {
				props.onSettled();
				fail(error);
			},
		);
		// eslint-disable-next-line react-hooks/exhaustive-deps -- one job per entry into `running`
	}, [running]);

	// A finished run hands its timeline to the history once; the live frame keeps the outcome.
	const ended = phase.name === 'done' ? phase : undefined;
	const endedResult = ended?.result;
	const latest = useLatest({ended, view, onEnded: props.onEnded, width: props.width});
	useEffect(() => {
		const {ended: run, view: seen, onEnded, width} = latest.current;
		if (endedResult && run) {
			onEnded({ok: endedResult.outcome.succeeded, headline: runHeadline(run.plan, endedResult), timeline: timelineLines(seen, run.startedAt, run.finishedAt, width)});
		}
	}, [endedResult, latest]);

	// `d` after the run: the outputs are downloaded when the reducer enters `downloading`.
	const done = ended;
	const downloading = done?.download?.state === 'downloading' ? done : undefined;
	const {client} = session;
	const {signal} = props;
	useEffect(() => {
		if (!downloading?.download) {
			return;
		}

		const {result, plan, download: {folder}} = downloading;
		downloadOutputs(client, result.outputs, plan.sif, folder, {onEvent: foldDownload, signal}).then(files => {
			report.current({kind: 'step', message: `Downloaded ${files.length} output file(s) of job ${result.job} to ${folder}`});
			dispatch({type: 'downloaded', files});
		}, (error: unknown) => {
			report.current({kind: 'step', message: `Downloading the output files of job ${result.job} to ${folder} failed: ${error instanceof Error ? error.message : String(error)}`});
			dispatch({type: 'downloadFailed', message: error instanceof Error ? error.message : String(error), hint: (error as {hint?: string}).hint ?? ''});
		});
	}, [downloading, client, signal, foldDownload, report]);

	const typing = phase.name === 'command';
	useKeys((input, key) => {
		if (key.escape && !typing) {
			// The command field hands its text back with its own Esc.
			dispatch({type: 'escape'});
		} else if (key.return && phase.name === 'done') {
			if (finishable(phase)) {
				props.onFinished(phase.result.outcome.succeeded);
			}
		} else if (input === 'd' && phase.name === 'done') {
			dispatch({type: 'download', folder: outputsFolder(services.outDir, phase.result.job)});
		} else if (key.return) {
			dispatch({type: 'enter', at: Date.now()});
		} else if (input === 'q' && !typing) {
			props.onQuit();
		}
	});

	const quit: KeyHint = {key: 'q', label: 'quit'};
	if (phase.name === 'loading' || phase.name === 'checking') {
		return <Paragraph><Text color={theme.accent}><Spinner type={spinnerType}/></Text>{`${phase.name === 'loading' ? ' Listing your images and the GPU coretypes' : ' Checking the command against the image'}${symbols.ellipsis}`}</Paragraph>;
	}

	if (phase.name === 'error') {
		return (
			<Box flexDirection="column">
				{/* One paragraph per line of the message: an indented line would wrap with a space before it. */}
				{phase.message.split('\n').map((line, index) => <Paragraph key={`${index}:${line}`} color={theme.error}>{line.trim()}</Paragraph>)}
				{phase.hint ? <Paragraph>{phase.hint}</Paragraph> : null}
				<KeyHints hints={errorHints(phase.back, quit)}/>
			</Box>
		);
	}

	const screen = {rows: props.rows, width: props.width};
	if (phase.name === 'sif') {
		const names = new Map<string, number>();
		for (const file of state.images) {
			names.set(file.name, (names.get(file.name) ?? 0) + 1);
		}

		return (
			<ChoiceScreen
				{...screen}
				question="Which image?"
				items={state.images.map(file => ({
					key: file.id,
					label: file.name,
					value: file,
					hint: [formatBytes(file.decryptedSize ?? 0), file.id === props.image?.id ? (props.image.reused ? 'built earlier from this Dockerfile' : 'just built') : '', (names.get(file.name) ?? 0) > 1 ? `uploaded ${formatAge(file.dateUploaded)}, id ${file.id}` : ''].filter(Boolean).join(', '),
				}))}
				hints={[...choose, quit]}
				onSelect={sif => {
					dispatch({type: 'sif', sif});
				}}
			/>
		);
	}

	if (phase.name === 'coretype') {
		const unjudged = facts ? undefined : `Whether ${phase.sif.name} can use these GPUs could not be judged: no build from this folder says which torch and CUDA it has.`;
		return (
			<Box flexDirection="column">
				{unjudged ? <Paragraph>{unjudged}</Paragraph> : null}
				<ChoiceScreen
					{...screen}
					rows={screen.rows - (unjudged ? wrappedRows(unjudged, screen.width) : 0)}
					question={`Which GPU coretype? (price per hour for the smallest node${facts ? `; ${symbols.done} fits this image, ${symbols.failed} does not, ? unknown` : ''})`}
					items={state.coretypes.map(coretype => ({key: coretype.code, label: facts ? `${mark(facts, coretype)} ${coretype.name}` : coretype.name, value: coretype, hint: describe(coretype, facts)}))}
					hints={[...choose, {key: 'Esc', label: 'back'}, quit]}
					onSelect={coretype => {
						dispatch({type: 'coretype', coretype, facts});
					}}
				/>
			</Box>
		);
	}

	if (phase.name === 'cores') {
		const {coretype} = phase;
		return (
			<ChoiceScreen
				{...screen}
				question={`How big a node of ${coretype.name}?`}
				items={coretype.cores.map(cores => ({key: String(cores), label: `${cores} cores, ${gpusFor(coretype, cores)} GPU(s)`, value: cores, hint: perHour(hourlyPrice(coretype, cores))}))}
				hints={[...choose, {key: 'Esc', label: 'back'}, quit]}
				onSelect={cores => {
					dispatch({type: 'cores', cores});
				}}
			/>
		);
	}

	if (phase.name === 'walltime') {
		const hourly = hourlyPrice(phase.coretype, phase.cores);
		return (
			<ChoiceScreen
				{...screen}
				question="Walltime: the job is stopped when it runs this long (you pay for what it uses, at most this)."
				items={state.walltimes.map(hours => ({key: String(hours), label: `${hours} h`, value: hours as number, hint: hourly === undefined ? undefined : `at most ${formatDollars(hourly * hours)}`}))}
				hints={[...choose, {key: 'Esc', label: 'back'}, quit]}
				onSelect={walltime => {
					dispatch({type: 'walltime', walltime});
				}}
			/>
		);
	}

	if (phase.name === 'command') {
		const initial = state.command ?? suggestedCommand(phase.choice.sif.name, services.outDir);
		return (
			<Box flexDirection="column">
				<Paragraph>{`Command after apptainer run --nv ${phase.choice.sif.name} (edit it, or empty for the image's own runscript):`}</Paragraph>
				<TextField allowEmpty initial={initial} onSubmit={command => {
					dispatch({type: 'command', command});
				}} onEscape={command => {
					// Left as shown, the suggestion is not kept: another image suggests its own.
					dispatch({type: 'escape', command: command === initial ? undefined : command});
				}}/>
				<KeyHints hints={[{key: 'Enter', label: 'check the command'}, {key: 'Ctrl-U', label: 'clear'}, {key: 'Esc', label: 'back'}]}/>
			</Box>
		);
	}

	const {plan} = phase;
	const headlessDownload = (job: string, folder: string) => headlessDownloadCommand(job, shownFolder(folder), session.embeddedSandbox ? {sandbox: true, out: services.outDir} : {sandbox: false, platform: session.platformId});
	// A finished run's plan is in the history: on a short terminal only its cost stays.
	const planMode = phase.name === 'confirm' ? 'confirm' : phase.name === 'done' && props.rows < 16 ? 'cost' : 'compact';
	return (
		<Box flexDirection="column">
			<PlanLines plan={plan} simulated={session.embeddedSandbox} mode={planMode}/>
			{plan.warnings.map(warning => <Paragraph key={warning} color={theme.warning}>{`! ${warning}`}</Paragraph>)}
			{phase.name === 'confirm' ? <KeyHints hints={[{key: 'Enter', label: 'submit the job'}, {key: 'Esc', label: 'back'}, quit]}/> : null}
			{phase.name === 'running' ? (
				<Box marginTop={1} flexDirection="column">
					<NodeGpus log={view.log} width={props.width}/>
					<JobPanel view={view} now={now} startedAt={phase.startedAt} logLines={props.logLines} width={props.width}/>
				</Box>
			) : null}
			{phase.name === 'running' ? <KeyHints hints={[{key: 'Ctrl-C', label: 'leave or stop the job'}]}/> : null}
			{phase.name === 'done' ? (
				<>
					<Box marginTop={1} flexDirection="column">
						{planMode === 'compact' ? <NodeGpus log={view.log} width={props.width}/> : null}
						<RunOutcome result={phase.result} logLines={props.logLines} width={props.width}/>
					</Box>
					{phase.download ? <DownloadPanel download={phase.download} view={downloadView} width={props.width} headless={headlessDownload(phase.result.job, phase.download.folder)}/> : null}
					<DownloadOffer phase={phase} folder={outputsFolder(services.outDir, phase.result.job)} headless={headlessDownload(phase.result.job, outputsFolder(services.outDir, phase.result.job))}/>
					<KeyHints hints={doneHints(phase)}/>
				</>
			) : null}
		</Box>
	);
}

/** The history's line for a finished run: how it ended, and on what, at what ceiling. */
function runHeadline(plan: RunPlan, result: RunResult): string {
	const {hardware} = plan;
	const how = result.outcome.succeeded ? `the command exited with code ${result.outcome.exitCode ?? 0}` : 'the run failed';
	return `job ${result.job} ${result.final.status}, ${how}; ${plan.sif.name} on ${hardware.coretypeName}, ${hardware.coresPerSlot} cores, ${hardware.gpus} GPU(s), ${hardware.walltime} h, ${hardware.maxCost === undefined ? 'cost not listed' : `at most ${formatDollars(hardware.maxCost)}`}`;
}

/** The finished run's statuses at the times the wizard saw them, its loss curve and the requests retried. */
function timelineLines(view: JobView, startedAt: number, finishedAt: number, width: number): string[] {
	const metrics = view.losses.length > 0 ? metricsLine(view, width) : undefined;
	return [
		`job ${view.job ?? '?'} ${view.action ?? 'followed'}: ${timelineText(statusEntries(view, startedAt))} (${view.action === 'reattached' ? 'followed for' : 'elapsed'} ${formatElapsed(finishedAt - startedAt)})`,
		...(metrics ? [metrics] : []),
		...(view.retries > 0 ? [`${view.retries} retried request(s): the platform turned them away at first`] : []),
	];
}

/** What Enter and Esc go back to after a refusal: the command to edit, or another coretype. */
function errorHints(back: RunPhase | undefined, quit: KeyHint): KeyHint[] {
	if (back?.name === 'coretype') {
		return [{key: 'Esc', label: 'choose another coretype'}, quit];
	}

	return back ? [{key: 'Enter', label: 'edit the command'}, {key: 'Esc', label: 'back'}, quit] : [quit];
}

/** After the run: `d` while there are output files to fetch (again after a failure), Enter, q. */
function doneHints(phase: Extract<RunPhase, {name: 'done'}>): KeyHint[] {
	const quit: KeyHint = {key: 'q', label: 'quit'};
	if (phase.download?.state === 'downloading') {
		return [{key: 'q', label: 'quit (stops the download)'}];
	}

	const offer = downloadable(phase) > 0 && phase.download?.state !== 'downloaded' ? [{key: 'd', label: phase.download ? 'try again' : 'download them'}] : [];
	return [...offer, {key: 'Enter', label: 'finish'}, quit];
}

/**
 * Names the folder before `d` is pressed, on its own line so 80 columns never cut it. Once the wizard
 * is ending `d` does nothing, so the frame left behind gives the command that fetches them instead.
 */
function DownloadOffer({phase, folder, headless}: {phase: Extract<RunPhase, {name: 'done'}>; folder: string; headless: string}) {
	const ending = useContext(EndingContext);
	const count = downloadable(phase);
	if (count === 0 || phase.download) {
		return null;
	}

	return <Paragraph>{ending ? `The ${count} output file(s) were not downloaded; to fetch them: ${headless}` : `d downloads the ${count} output file(s) (not the image) to ${shownFolder(folder)}`}</Paragraph>;
}

function mark(facts: ImageGpuFacts, coretype: Coretype): string {
	const {verdict} = gpuCompatibility(facts, coretype);
	return verdict === 'ok' ? symbols.done : verdict === 'incompatible' ? symbols.failed : symbols.unknown;
}

function describe(coretype: Coretype, facts: ImageGpuFacts | undefined): string {
	const cores = coretype.cores[0] ?? 0;
	const memory = coretype.memory === undefined ? '' : `, ${Math.round((coretype.memory * cores) / 1024)} GB`;
	const price = perHour(hourlyPrice(coretype, cores));
	return `${coretype.processorInfo ?? ''}; ${gpusFor(coretype, cores)} GPU x ${cores} cores${memory}${price === undefined ? '' : `, ${price}`}${facts ? `; ${gpuCompatibility(facts, coretype).reason}` : ''}`;
}

/** `$5.05/h`, or nothing when the platform lists no price. */
function perHour(hourly: number | undefined): string | undefined {
	return hourly === undefined ? undefined : `${formatDollars(hourly)}/h`;
}

/** A training script the build put in the image, if there is an obvious one. */
function suggestedCommand(sifName: string, outDir: string): string {
	const files = imageFilesFor(sifName, outDir) ?? [];
	const script = files.find(file => /\/experiments\/[^/]+\.py$/.test(file)) ?? files.find(file => /(?:^|\/)(?:train|main|run)\.py$/.test(file));
	return script ? `python ${script}` : '';
}
