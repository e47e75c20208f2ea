'use strict';
// Entry for Node's `require`: the same bindings as the ES module entry, in the CommonJS
// copy of the glue that the build writes, instantiated synchronously from the package folder.
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const glue = require('./eci_image_cache.cjs');

glue.initSync({ module: readFileSync(join(__dirname, 'eci_image_cache_bg.wasm')) });

exports.Catalogue = glue.Catalogue;
exports.evaluate = glue.evaluate;
exports.version = glue.version;
