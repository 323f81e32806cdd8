from fieldapp.cli.main import main

raise SystemExit(main())
