#!/usr/bin/env node
import { tuneHeap } from '../platform/heap.js';
import { processIo } from './io.js';
import { run } from './run.js';

tuneHeap();

process.exitCode = await run(process.argv.slice(2), processIo());
