#!/usr/bin/env node
// The `keyline` command: a thin shim so the bin works from a checkout and from an install. It runs
// the bundle `npm run build` makes (scripts/bundle.mjs says why a bundle).
import '../dist/bundle/main.js';
