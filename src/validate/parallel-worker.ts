// Entry of a validation worker thread: validates its share of files and posts the findings back.
import { parentPort, workerData } from 'node:worker_threads';
import type { WorkerJob } from './parallel.js';
import { createValidator } from './validator.js';

const job = workerData as WorkerJob;
const validator = createValidator({ ...job.options, workers: 1 });
parentPort?.postMessage(validator.validateCollected(job.files, job.regions));
