module.exports = { resolve: { alias: { '@': process.cwd(), '~': process.cwd() } } };
