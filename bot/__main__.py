# Guarded: worker processes (spawned by bot.adapters.analysis_pool) import this module as
# __mp_main__ and must not run the CLI.
if __name__ == "__main__":
    import sys

    from bot.cli import main

    sys.exit(main())
