"""House style and validation of captions and credits: pure functions over metadata records."""
