# Guarded: worker processes (spawned by bot.adapters.analysis_pool) import this module as
# __mp_main__ and must not run the CLI.
if __name__ == "__main__":
    import sys

    from bot.adapters.tls import import_aiohttp

    import_aiohttp()  # before anything imports aiohttp: its CA loading deferred (see the module)
    from bot.cli import main

    sys.exit(main())
