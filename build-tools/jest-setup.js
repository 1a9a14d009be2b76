// Loaded before every test file (jest setupFiles). The AWS SDK warns once per process, on stderr, that its
// releases after the first week of January 2027 need Node 22; on Node 20 that lands in every test file's output
// and buries failures. The CLI and the Lambda are not affected: this runs only under jest.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
