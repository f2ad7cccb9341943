#!/usr/bin/env node
// The `keyline` command: a thin shim so the bin works from a checkout and from an install.
import '../dist/src/main.js';
