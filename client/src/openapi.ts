/**
 * Generated from docs/openapi.json by `npm run openapi` (openapi-typescript). Do not edit:
 * change the zod schemas in core/ or build/openapi.ts, then run `npm run openapi` again.
 */
export interface paths {
    "/api/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Liveness of the edge
         * @description Who: public. Answered by the edge itself, with no origin call. Never cached.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "status": "ok",
                         *       "edge": "ok"
                         *     }
                         */
                        "application/json": components["schemas"]["Health"];
                    };
                };
                405: components["responses"]["Error405"];
                500: components["responses"]["Error500"];
                503: components["responses"]["Error503"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/health/deep": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Health of the edge, the origin, Valkey and Supabase
         * @description Who: admin. For the admin. Never cached. Each part is "ok" or "failed" (the origin "refused" or "unreachable"), never raw error text; 503 (with Retry-After) when a part failed.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "status": "ok",
                         *       "edge": "ok",
                         *       "origin": "ok",
                         *       "valkey": "ok",
                         *       "supabase": "ok"
                         *     }
                         */
                        "application/json": components["schemas"]["Health"];
                    };
                };
                401: components["responses"]["Error401"];
                403: components["responses"]["Error403"];
                405: components["responses"]["Error405"];
                500: components["responses"]["Error500"];
                /** @description Failed */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "status": "unavailable",
                         *       "edge": "ok",
                         *       "origin": "unreachable",
                         *       "valkey": "unknown",
                         *       "supabase": "unknown"
                         *     }
                         */
                        "application/json": components["schemas"]["Health"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/openapi.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * This document
         * @description Who: public.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The OpenAPI 3.1 document of this API. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                405: components["responses"]["Error405"];
                500: components["responses"]["Error500"];
                503: components["responses"]["Error503"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/boards": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Every board
         * @description Who: public.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "boards": [
                         *         {
                         *           "id": "weekly-race",
                         *           "name": "Weekly race",
                         *           "sort": "desc",
                         *           "operator": "best",
                         *           "reset": "weekly",
                         *           "writers": "server",
                         *           "minScore": null,
                         *           "maxScore": null,
                         *           "cacheSeconds": 5,
                         *           "staleSeconds": 5,
                         *           "staleIfErrorSeconds": 3600,
                         *           "currentPeriod": "2026-W48",
                         *           "nextResetAt": "2026-11-30T00:00:00.000Z",
                         *           "entries": 2,
                         *           "rankMode": "ordinal",
                         *           "scoreFormat": "integer",
                         *           "startsAt": null,
                         *           "endsAt": null
                         *         }
                         *       ]
                         *     }
                         */
                        "application/json": components["schemas"]["BoardList"];
                    };
                };
                405: components["responses"]["Error405"];
                500: components["responses"]["Error500"];
                503: components["responses"]["Error503"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/boards/{board}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One board, with its current period and entry count
         * @description Who: public.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    board: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "id": "weekly-race",
                         *       "name": "Weekly race",
                         *       "sort": "desc",
                         *       "operator": "best",
                         *       "reset": "weekly",
                         *       "writers": "server",
                         *       "minScore": null,
                         *       "maxScore": null,
                         *       "cacheSeconds": 5,
                         *       "staleSeconds": 5,
                         *       "staleIfErrorSeconds": 3600,
                         *       "currentPeriod": "2026-W48",
                         *       "nextResetAt": "2026-11-30T00:00:00.000Z",
                         *       "entries": 2,
                         *       "rankMode": "ordinal",
                         *       "scoreFormat": "integer",
                         *       "startsAt": null,
                         *       "endsAt": null
                         *     }
                         */
                        "application/json": components["schemas"]["Board"];
                    };
                };
                400: components["responses"]["Error400"];
                404: components["responses"]["Error404"];
                405: components["responses"]["Error405"];
                500: components["responses"]["Error500"];
                503: components["responses"]["Error503"];
            };
        };
        /**
         * Create a board (201) or update it (200)
         * @description Who: admin. Changing `sort`, `operator` or `reset` of a board that has entries gives 409. A `source` needs operator `best` or `latest`. `rankMode`, `scoreFormat`, `startsAt` and `endsAt` may change at any time; left out, each keeps its current value, and `null` clears `startsAt` or `endsAt` (docs/boards.md). `resultsSize` and `webhook` are the results settings (docs/results.md): the reply carries them (never a public view), and the webhook's signing secret only in the reply that issued it. `tournament` sets the entry rules and cohorts (docs/tournaments.md): left out it keeps them, `null` removes them; `cohortSize` and `cohortBy` cannot change once players are placed (409), and a board with rules has no `source`.
         */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    board: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    /**
                     * @example {
                     *       "name": "Weekly race",
                     *       "sort": "desc",
                     *       "operator": "best",
                     *       "reset": "weekly",
                     *       "writers": "server",
                     *       "cacheSeconds": 5,
                     *       "rankMode": "competition"
                     *     }
                     */
                    "application/json": components["schemas"]["BoardConfig"];
                };
            };
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "id": "weekly-race",
                         *       "name": "Weekly race",
                         *       "sort": "desc",
                         *       "operator": "best",
                         *       "reset": "weekly",
                         *       "writers": "server",
                         *       "minScore": null,
                         *       "maxScore": null,
                         *       "cacheSeconds": 5,
                         *       "staleSeconds": 5,
                         *       "staleIfErrorSeconds": 3600,
                         *       "currentPeriod": "2026-W48",
                         *       "nextResetAt": "2026-11-30T00:00:00.000Z",
                         *       "entries": 2,
                         *       "rankMode": "ordinal",
                         *       "scoreFormat": "integer",
                         *       "startsAt": null,
                         *       "endsAt": null,
                         *       "resultsSize": 100,
                         *       "webhook": {
                         *         "url": "https://game.example/hooks/leaderboard"
                         *       }
                         *     }
                         */
                        "application/json": components["schemas"]["BoardWithResultsSettings"];
                    };
                };
                /** @description OK */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "id": "weekly-race",
                         *       "name": "Weekly race",
                         *       "sort": "desc",
                         *       "operator": "best",
                         *       "reset": "weekly",
                         *       "writers": "server",
                         *       "minScore": null,
                         *       "maxScore": null,
                         *       "cacheSeconds": 5,
                         *       "staleSeconds": 5,
                         *       "staleIfErrorSeconds": 3600,
                         *       "currentPeriod": "2026-W48",
                         *       "nextResetAt": "2026-11-30T00:00:00.000Z",
                         *       "entries": 0,
                         *       "rankMode": "ordinal",
                         *       "scoreFormat": "integer",
                         *       "startsAt": null,
                         *       "endsAt": null,
                         *       "resultsSize": 100,
                         *       "webhook": {
                         *         "url": "https://game.example/hooks/leaderboard",
                         *         "secret": "whsec_3q2-7wE1yJb0kQ8mXrT5nF4vZl9hC6aP2sD8gU0iO1k"
                         *       }
                         *     }
                         */
                        "application/json": components["schemas"]["BoardWithResultsSettings"];
                    };
                };
                400: components["responses"]["Error400"];
                401: components["responses"]["Error401"];
                403: components["responses"]["Error403"];
                405: components["responses"]["Error405"];
                409: components["responses"]["Error409"];
                413: components["responses"]["Error413"];
                415: components["responses"]["Error415"];
                429: components["responses"]["Error429"];
                500: components["responses"]["Error500"];
                503: components["responses"]["Error503"];
            };
        };
        post?: never;
        /**
         * Delete a board and all its periods from every store
         * @description Who: admin.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    board: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description No content */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Error400"];
                401: components["responses"]["Error401"];
                403: components["responses"]["Error403"];
                404: components["responses"]["Error404"];
                405: components["responses"]["Error405"];
                429: components["responses"]["Error429"];
                500: components["responses"]["Error500"];
                503: components["responses"]["Error503"];
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/boards/{board}/periods": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The board's periods, newest first (archives)
         * @description Who: public. Every period with entries, and the running one even while empty, with its bounds (clipped to the board's `startsAt`/`endsAt`), entry count and state. A `closed` period never changes: reads that name it with `?period=` are marked `immutable` (docs/boards.md "Archives").
         */
        get: {
            parameters: {
                query?: {
                    limit?: string;
                    cursor?: string;
                };
                header?: never;
                path: {
                    board: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "board": "weekly-race",
                         *       "periods": [
                         *         {
                         *           "key": "2026-W48",
                         *           "start": "2026-11-23T00:00:00.000Z",
                         *           "end": "2026-11-30T00:00:00.000Z",
                         *           "entries": 2,
                         *           "state": "open"
                         *         },
                         *         {
                         *           "key": "2026-W47",
                         *           "start": "2026-11-16T00:00:00.000Z",
                         *           "end": "2026-11-23T00:00:00.000Z",
                         *           "entries": 1250,
                         *           "state": "closed"
                         *         }
                         *       ],
                         *       "nextCursor": "MjAyNi1XNDc"
                         *     }
                         */
                        "application/json": components["schemas"]["PeriodsPage"];
                    };
                };
                400: components["responses"]["Error400"];
                404: components["responses"]["Error404"];
                405: components["responses"]["Error405"];
                500: components["responses"]["Error500"];
                503: components["responses"]["Error503"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/boards/{board}/periods/{period}/results": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A closed period's final results: its top N
         * @description Who: public. Stored by the record when the period closed (its reset, or the board's `endsAt`): the top `resultsSize` entries, numbered in the board's rank mode at that time. They never change, so they are cached as `immutable`. 404 `not_found` while the period is open, or in the minute before the scheduled task stores them (docs/results.md).
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    board: string;
                    period: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "board": "weekly-race",
                         *       "period": "2026-W47",
                         *       "start": "2026-11-16T00:00:00.000Z",
                         *       "end": "2026-11-23T00:00:00.000Z",
                         *       "closedAt": "2026-11-23T00:00:41.113Z",
                         *       "entries": 1250,
                         *       "rankMode": "ordinal",
                         *       "size": 100,
                         *       "results": [
                         *         {
                         *           "rank": 1,
                         *           "playerId": "alice",
                         *           "score": 42,
                         *           "achievedAt": "2026-11-23T10:15:00.000Z",
                         *           "metadata": null
                         *         },
                         *         {
                         *           "rank": 2,
                         *           "playerId": "bob",
                         *           "score": 17,
                         *           "achievedAt": "2026-11-23T10:16:30.000Z",
                         *           "metadata": {
                         *             "country": "SE"
                         *           }
                         *         }
                         *       ]
                         *     }
                         */
                        "application/json": components["schemas"]["PeriodResults"];
                    };
                };
                400: components["responses"]["Error400"];
                404: components["responses"]["Error404"];
                405: components["responses"]["Error405"];
                500: components["responses"]["Error500"];
                503: components["responses"]["Error503"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/boards/{board}/entries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The top of a board, paged with cursors
         * @description Who: public. The first page pins a snapshot of the top K entries (docs/paging.md); walking every `nextCursor` returns each of them exactly once, in rank order, with the ranks of the snapshot, whatever is written meanwhile. Past K the walk goes on live. A cursor whose snapshot expired gets 410: start again. Every board read also takes `minSeq` (or the `X-Min-Seq` header): the answer then reflects at least that board version (`X-Board-Seq` of a write).
         */
        get: {
            parameters: {
                query?: {
                    limit?: string;
                    cursor?: string;
                    period?: string;
                };
                header?: never;
                path: {
                    board: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "board": "weekly-race",
                         *       "period": "2026-W48",
                         *       "total": 2,
                         *       "entries": [
                         *         {
                         *           "rank": 1,
                         *           "playerId": "alice",
                         *           "score": 42,
                         *           "achievedAt": "2026-11-23T10:15:00.000Z",
                         *           "metadata": null
                         *         },
                         *         {
                         *           "rank": 2,
                         *           "playerId": "bob",
                         *           "score": 17,
                         *           "achievedAt": "2026-11-23T10:16:30.000Z",
                         *           "metadata": {
                         *             "country": "SE"
                         *           }
                         *         }
                         *       ],
                         *       "nextCursor": null
                         *     }
                         */
                        "application/json": components["schemas"]["EntriesPage"];
                    };
                };
                400: components["responses"]["Error400"];
                404: components["responses"]["Error404"];
                405: components["responses"]["Error405"];
                410: components["responses"]["Error410"];
                500: components["responses"]["Error500"];
                503: components["responses"]["Error503"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/boards/{board}/players": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The entries of some players, in rank order (a friends list)
         * @description Who: public. Ids without an entry are left out.
         */
        get: {
            parameters: {
                query: {
                    ids: string;
                    period?: string;
                };
                header?: never;
                path: {
                    board: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "board": "weekly-race",
                         *       "period": "2026-W48",
                         *       "total": 2,
                         *       "entries": [
                         *         {
                         *           "rank": 2,
                         *           "playerId": "bob",
                         *           "score": 17,
                         *           "achievedAt": "2026-11-23T10:16:30.000Z",
                         *           "metadata": {
                         *             "country": "SE"
                         *           }
                         *         }
                         *       ]
                         *     }
                         */
                        "application/json": components["schemas"]["EntriesList"];
                    };
                };
                400: components["responses"]["Error400"];
                404: components["responses"]["Error404"];
                405: components["responses"]["Error405"];
                500: components["responses"]["Error500"];
                503: components["responses"]["Error503"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/boards/{board}/players/{playerId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A player's entry, rank and percentile
         * @description Who: public.
         */
        get: {
            parameters: {
                query?: {
                    period?: string;
                };
                header?: never;
                path: {
                    board: string;
                    playerId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "entry": {
                         *         "rank": 2,
                         *         "playerId": "bob",
                         *         "score": 17,
                         *         "achievedAt": "2026-11-23T10:16:30.000Z",
                         *         "metadata": {
                         *           "country": "SE"
                         *         }
                         *       },
                         *       "total": 2,
                         *       "percentile": 50
                         *     }
                         */
                        "application/json": components["schemas"]["PlayerView"];
                    };
                };
                400: components["responses"]["Error400"];
                404: components["responses"]["Error404"];
                405: components["responses"]["Error405"];
                500: components["responses"]["Error500"];
                503: components["responses"]["Error503"];
            };
        };
        put?: never;
        post?: never;
        /**
         * Erase a player from every period of a board, in every store
         * @description Who: admin.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    board: string;
                    playerId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description No content */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Error400"];
                401: components["responses"]["Error401"];
                403: components["responses"]["Error403"];
                404: components["responses"]["Error404"];
                405: components["responses"]["Error405"];
                429: components["responses"]["Error429"];
                500: components["responses"]["Error500"];
                503: components["responses"]["Error503"];
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/boards/{board}/players/{playerId}/around": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Up to `radius` entries on each side of a player, and the player
         * @description Who: public.
         */
        get: {
            parameters: {
                query?: {
                    radius?: string;
                    period?: string;
                };
                header?: never;
                path: {
                    board: string;
                    playerId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "board": "weekly-race",
                         *       "period": "2026-W48",
                         *       "total": 2,
                         *       "entries": [
                         *         {
                         *           "rank": 1,
                         *           "playerId": "alice",
                         *           "score": 42,
                         *           "achievedAt": "2026-11-23T10:15:00.000Z",
                         *           "metadata": null
                         *         },
                         *         {
                         *           "rank": 2,
                         *           "playerId": "bob",
                         *           "score": 17,
                         *           "achievedAt": "2026-11-23T10:16:30.000Z",
                         *           "metadata": {
                         *             "country": "SE"
                         *           }
                         *         }
                         *       ]
                         *     }
                         */
                        "application/json": components["schemas"]["EntriesList"];
                    };
                };
                400: components["responses"]["Error400"];
                404: components["responses"]["Error404"];
                405: components["responses"]["Error405"];
                500: components["responses"]["Error500"];
                503: components["responses"]["Error503"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/boards/{board}/players/{playerId}/history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A player's score after each write that changed their entry in a period, newest first
         * @description Who: public. From the submissions log, keyset-paged on its sequence numbers: follow `nextCursor` for older points. Each point carries the rank the write gave the entry, an ordinal position recorded from the projection by the every-minute scheduled task: null for a write less than about a minute old, and for good for writes whose rank was not recorded (docs/history.md). A hidden or shadowed player is not found, as in the player view; an erased player has no history. The log is trimmed by the retention task, so history older than that is gone.
         */
        get: {
            parameters: {
                query?: {
                    limit?: string;
                    cursor?: string;
                    period?: string;
                };
                header?: never;
                path: {
                    board: string;
                    playerId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "board": "weekly-race",
                         *       "period": "2026-W48",
                         *       "playerId": "alice",
                         *       "points": [
                         *         {
                         *           "seq": 812,
                         *           "at": "2026-11-23T10:15:00.000Z",
                         *           "score": 42,
                         *           "rank": 3
                         *         },
                         *         {
                         *           "seq": 640,
                         *           "at": "2026-11-22T19:02:11.000Z",
                         *           "score": 30,
                         *           "rank": 7
                         *         }
                         *       ],
                         *       "nextCursor": null
                         *     }
                         */
                        "application/json": components["schemas"]["PlayerHistory"];
                    };
                };
                400: components["responses"]["Error400"];
                404: components["responses"]["Error404"];
                405: components["responses"]["Error405"];
                500: components["responses"]["Error500"];
                503: components["responses"]["Error503"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/boards/{board}/histogram": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The score distribution: `buckets` equal-width score ranges from the lowest to the highest score
         * @description Who: public. Counted from the projection with one O(log n) range count per bucket, never by scanning entries; cached like the other reads. `total` is the sum of the counts. A player's place in it is their score, and their percentile is in `GET .../players/{playerId}`.
         */
        get: {
            parameters: {
                query?: {
                    buckets?: string;
                    period?: string;
                };
                header?: never;
                path: {
                    board: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "board": "weekly-race",
                         *       "period": "2026-W48",
                         *       "total": 6,
                         *       "buckets": [
                         *         {
                         *           "from": 0,
                         *           "to": 49,
                         *           "count": 1
                         *         },
                         *         {
                         *           "from": 50,
                         *           "to": 99,
                         *           "count": 2
                         *         },
                         *         {
                         *           "from": 100,
                         *           "to": 149,
                         *           "count": 3
                         *         }
                         *       ]
                         *     }
                         */
                        "application/json": components["schemas"]["Histogram"];
                    };
                };
                400: components["responses"]["Error400"];
                404: components["responses"]["Error404"];
                405: components["responses"]["Error405"];
                500: components["responses"]["Error500"];
                503: components["responses"]["Error503"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/boards/{board}/tiers/{tier}/entries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One tier of a board's standings, in rank order, paged with cursors
         * @description Who: public. On a board with `tiers` (docs/boards.md "Tiers"). A score tier lists the entries whose score lies between its threshold and the next better one; a percentile tier the entries at the positions it covers (the top `top` percent, after the tiers before it). Pages are live keyset pages (no snapshot); `total` is the period's entry count and `tierTotal` the tier's. Hidden players are left out, as everywhere. A board without tiers, or a tier it does not have, is 404.
         */
        get: {
            parameters: {
                query?: {
                    limit?: string;
                    cursor?: string;
                    period?: string;
                };
                header?: never;
                path: {
                    board: string;
                    tier: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "board": "weekly-race",
                         *       "period": "2026-W48",
                         *       "tier": "gold",
                         *       "total": 2,
                         *       "tierTotal": 2,
                         *       "entries": [
                         *         {
                         *           "rank": 1,
                         *           "playerId": "alice",
                         *           "score": 42,
                         *           "achievedAt": "2026-11-23T10:15:00.000Z",
                         *           "metadata": null,
                         *           "tier": "gold"
                         *         },
                         *         {
                         *           "rank": 2,
                         *           "playerId": "bob",
                         *           "score": 17,
                         *           "achievedAt": "2026-11-23T10:16:30.000Z",
                         *           "metadata": {
                         *             "country": "SE"
                         *           },
                         *           "tier": "gold"
                         *         }
                         *       ],
                         *       "nextCursor": null
                         *     }
                         */
                        "application/json": components["schemas"]["TierPage"];
                    };
                };
                400: components["responses"]["Error400"];
                404: components["responses"]["Error404"];
                405: components["responses"]["Error405"];
                500: components["responses"]["Error500"];
                503: components["responses"]["Error503"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/boards/{board}/scores": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Submit a score
         * @description Who: admin, server, player. A player may submit only their own score (`playerId` equal to the token's `sub`), and only to boards whose `writers` is `players`. `updated` is false when the operator kept the old score. `rank` is null when it could not be determined at write time; it is the number the board's `rankMode` shows. Before the board's `startsAt` a write gets 409 not_open, from its `endsAt` on 409 closed (a write that would change nothing is answered as usual). On a board with entry rules (docs/tournaments.md) every submission is an attempt: without a join where one is required 409 not_joined, past `maxAttempts` 409 attempts_exhausted, and the reply carries `member` (attempts used and left, the cohort); on a board with cohorts, ranks are the cohort's.
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Makes the write safe to retry: a replay with the same key and body returns the first response (with Idempotent-Replayed: true) and changes nothing. */
                    "idempotency-key"?: string;
                };
                path: {
                    board: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    /**
                     * @example {
                     *       "playerId": "alice",
                     *       "score": 42
                     *     }
                     */
                    "application/json": components["schemas"]["SubmitScore"];
                };
            };
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "entry": {
                         *         "rank": 1,
                         *         "playerId": "alice",
                         *         "score": 42,
                         *         "achievedAt": "2026-11-23T10:15:00.000Z",
                         *         "metadata": null
                         *       },
                         *       "updated": true,
                         *       "previous": {
                         *         "rank": 3,
                         *         "playerId": "alice",
                         *         "score": 12,
                         *         "achievedAt": "2026-11-22T08:00:00.000Z",
                         *         "metadata": null
                         *       }
                         *     }
                         */
                        "application/json": components["schemas"]["SubmitResult"];
                    };
                };
                400: components["responses"]["Error400"];
                401: components["responses"]["Error401"];
                403: components["responses"]["Error403"];
                404: components["responses"]["Error404"];
                405: components["responses"]["Error405"];
                409: components["responses"]["Error409"];
                413: components["responses"]["Error413"];
                415: components["responses"]["Error415"];
                429: components["responses"]["Error429"];
                500: components["responses"]["Error500"];
                503: components["responses"]["Error503"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/boards/{board}/scores/batch": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Submit up to 1000 scores, all or none
         * @description Who: admin, server. Batch replies are not ranked: every `entry.rank` is null. A body over 1 MiB gets 413. Outside the board's open window the whole batch is refused (409 not_open or closed) and nothing is written.
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Makes the write safe to retry: a replay with the same key and body returns the first response (with Idempotent-Replayed: true) and changes nothing. */
                    "idempotency-key"?: string;
                };
                path: {
                    board: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    /**
                     * @example {
                     *       "entries": [
                     *         {
                     *           "playerId": "alice",
                     *           "score": 42
                     *         },
                     *         {
                     *           "playerId": "bob",
                     *           "score": 17,
                     *           "metadata": {
                     *             "country": "SE"
                     *           }
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["Batch"];
                };
            };
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "results": [
                         *         {
                         *           "playerId": "alice",
                         *           "updated": true,
                         *           "entry": {
                         *             "rank": null,
                         *             "playerId": "alice",
                         *             "score": 42,
                         *             "achievedAt": "2026-11-23T10:15:00.000Z",
                         *             "metadata": null
                         *           }
                         *         },
                         *         {
                         *           "playerId": "bob",
                         *           "updated": false,
                         *           "entry": {
                         *             "rank": null,
                         *             "playerId": "bob",
                         *             "score": 17,
                         *             "achievedAt": "2026-11-23T10:16:30.000Z",
                         *             "metadata": {
                         *               "country": "SE"
                         *             }
                         *           }
                         *         }
                         *       ]
                         *     }
                         */
                        "application/json": components["schemas"]["BatchResult"];
                    };
                };
                400: components["responses"]["Error400"];
                401: components["responses"]["Error401"];
                403: components["responses"]["Error403"];
                404: components["responses"]["Error404"];
                405: components["responses"]["Error405"];
                409: components["responses"]["Error409"];
                413: components["responses"]["Error413"];
                415: components["responses"]["Error415"];
                429: components["responses"]["Error429"];
                500: components["responses"]["Error500"];
                503: components["responses"]["Error503"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/boards/{board}/join": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Join a tournament (idempotent)
         * @description Who: admin, server, player. On a board with entry rules (`tournament`, docs/tournaments.md): adds the player to the current period, or answers as before when they have joined already (`joined: false`). Past `maxSize` a join gets 409 full; from the board's `endsAt` on, 409 closed (joining opens before `startsAt`). On a board with `cohortSize` the player is placed in a cohort (`cohortId`); with `cohortBy`, a game server gives the `band` the cohorts are filled by. A player may join only as themselves, on a `writers: players` board, and never gives a band. A board without rules answers 409 conflict.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    board: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    /**
                     * @example {
                     *       "playerId": "alice",
                     *       "band": "gold"
                     *     }
                     */
                    "application/json": components["schemas"]["Join"];
                };
            };
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "board": "spring-cup",
                         *       "period": "all",
                         *       "playerId": "alice",
                         *       "cohortId": 3,
                         *       "band": "gold",
                         *       "attemptsUsed": 0,
                         *       "attemptsLeft": 3,
                         *       "maxAttempts": 3,
                         *       "joinedAt": "2026-11-23T10:15:00.000Z",
                         *       "joined": true,
                         *       "joinedCount": 101,
                         *       "maxSize": 1000
                         *     }
                         */
                        "application/json": components["schemas"]["JoinResult"];
                    };
                };
                400: components["responses"]["Error400"];
                401: components["responses"]["Error401"];
                403: components["responses"]["Error403"];
                404: components["responses"]["Error404"];
                405: components["responses"]["Error405"];
                409: components["responses"]["Error409"];
                413: components["responses"]["Error413"];
                415: components["responses"]["Error415"];
                429: components["responses"]["Error429"];
                500: components["responses"]["Error500"];
                503: components["responses"]["Error503"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/boards/{board}/cohorts/{cohortId}/entries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One cohort's standings, ranked inside it, paged with cursors
         * @description Who: public. On a board with `cohortSize` (docs/tournaments.md). Pages are live keyset pages (no snapshot). A cohort with no entries is an empty page; a board without cohorts is 404. `total` counts the entries; `members` every player placed in the cohort, and `unscored` those without a score, whom a league close ranks last (they take the demotion places first).
         */
        get: {
            parameters: {
                query?: {
                    limit?: string;
                    cursor?: string;
                    period?: string;
                };
                header?: never;
                path: {
                    board: string;
                    cohortId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "board": "spring-cup",
                         *       "period": "all",
                         *       "total": 2,
                         *       "entries": [
                         *         {
                         *           "rank": 1,
                         *           "playerId": "alice",
                         *           "score": 42,
                         *           "achievedAt": "2026-11-23T10:15:00.000Z",
                         *           "metadata": null
                         *         },
                         *         {
                         *           "rank": 2,
                         *           "playerId": "bob",
                         *           "score": 17,
                         *           "achievedAt": "2026-11-23T10:16:30.000Z",
                         *           "metadata": {
                         *             "country": "SE"
                         *           }
                         *         }
                         *       ],
                         *       "nextCursor": null,
                         *       "cohortId": 3,
                         *       "members": 3,
                         *       "unscored": 1
                         *     }
                         */
                        "application/json": components["schemas"]["CohortPage"];
                    };
                };
                400: components["responses"]["Error400"];
                404: components["responses"]["Error404"];
                405: components["responses"]["Error405"];
                500: components["responses"]["Error500"];
                503: components["responses"]["Error503"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/boards/{board}/league": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The promotions and demotions of a league period
         * @description Who: public. On a board with a `league` (docs/tournaments.md): every member of the period with their cohort, rank at the close and tier before and after. Empty until the period closes; a closed period (`?period=`) never changes and is cached as immutable. A board without a league is 404.
         */
        get: {
            parameters: {
                query?: {
                    period?: string;
                };
                header?: never;
                path: {
                    board: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "board": "weekly-league",
                         *       "period": "2026-W47",
                         *       "moves": [
                         *         {
                         *           "playerId": "alice",
                         *           "cohortId": 1,
                         *           "rank": 1,
                         *           "fromTier": 2,
                         *           "toTier": 3
                         *         },
                         *         {
                         *           "playerId": "bob",
                         *           "cohortId": 1,
                         *           "rank": 50,
                         *           "fromTier": 2,
                         *           "toTier": 1
                         *         }
                         *       ]
                         *     }
                         */
                        "application/json": components["schemas"]["LeagueMoves"];
                    };
                };
                400: components["responses"]["Error400"];
                404: components["responses"]["Error404"];
                405: components["responses"]["Error405"];
                500: components["responses"]["Error500"];
                503: components["responses"]["Error503"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/tournaments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Tournaments by state, paged with cursors
         * @description Who: public. Boards with entry rules: `upcoming` (startsAt in the future, soonest first), `active` (the default: started and not ended, soonest end first, no end last) or `ended` (latest end first), each with its rules and the players joined in its current period. A cursor belongs to the state it was issued for. Cached at the edge like the board list.
         */
        get: {
            parameters: {
                query?: {
                    state?: "upcoming" | "active" | "ended";
                    limit?: string;
                    cursor?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "state": "active",
                         *       "tournaments": [
                         *         {
                         *           "id": "spring-cup",
                         *           "name": "Spring cup",
                         *           "state": "active",
                         *           "sort": "desc",
                         *           "scoreFormat": "integer",
                         *           "startsAt": "2026-11-20T00:00:00.000Z",
                         *           "endsAt": "2026-11-27T00:00:00.000Z",
                         *           "currentPeriod": "all",
                         *           "nextResetAt": null,
                         *           "joined": 101,
                         *           "rules": {
                         *             "joinRequired": true,
                         *             "maxSize": 1000,
                         *             "maxAttempts": 3,
                         *             "cohortSize": 50,
                         *             "cohortBy": "tier",
                         *             "league": null
                         *           }
                         *         }
                         *       ],
                         *       "nextCursor": "dDEuYWN0aXZlLjIwMjYtMTEtMjdUMDA6MDA6MDAuMDAwWi5zcHJpbmctY3Vw"
                         *     }
                         */
                        "application/json": components["schemas"]["TournamentList"];
                    };
                };
                400: components["responses"]["Error400"];
                405: components["responses"]["Error405"];
                500: components["responses"]["Error500"];
                503: components["responses"]["Error503"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/boards/{board}/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The signed-in player's own entry, rank and percentile
         * @description Who: player. Private (`Cache-Control: private, no-store`), with a player token. As the player view, except that a shadowed player sees their entry with the rank it would have among the public entries, and a `total` that counts it (docs/moderation.md). Nobody else sees it.
         */
        get: {
            parameters: {
                query?: {
                    period?: string;
                };
                header?: never;
                path: {
                    board: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "entry": {
                         *         "rank": 2,
                         *         "playerId": "bob",
                         *         "score": 17,
                         *         "achievedAt": "2026-11-23T10:16:30.000Z",
                         *         "metadata": {
                         *           "country": "SE"
                         *         }
                         *       },
                         *       "total": 2,
                         *       "percentile": 50
                         *     }
                         */
                        "application/json": components["schemas"]["PlayerView"];
                    };
                };
                400: components["responses"]["Error400"];
                401: components["responses"]["Error401"];
                403: components["responses"]["Error403"];
                404: components["responses"]["Error404"];
                405: components["responses"]["Error405"];
                500: components["responses"]["Error500"];
                503: components["responses"]["Error503"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/boards/{board}/moderation": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The moderation in force on a board, and its audit
         * @description Who: admin. The actions in force on this board (its own, and every-board ones), and the latest 100 audit records of both, newest first. Never cached.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    board: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "board": "weekly-race",
                         *       "actions": [
                         *         {
                         *           "playerId": "mallory",
                         *           "scope": "board",
                         *           "action": "hide",
                         *           "reason": "impossible time",
                         *           "actor": "admin",
                         *           "at": "2026-11-23T10:15:00.000Z"
                         *         }
                         *       ],
                         *       "audit": [
                         *         {
                         *           "id": 7,
                         *           "playerId": "mallory",
                         *           "scope": "board",
                         *           "action": "hide",
                         *           "op": "set",
                         *           "reason": "impossible time",
                         *           "actor": "admin",
                         *           "at": "2026-11-23T10:15:00.000Z"
                         *         }
                         *       ]
                         *     }
                         */
                        "application/json": components["schemas"]["ModerationState"];
                    };
                };
                400: components["responses"]["Error400"];
                401: components["responses"]["Error401"];
                403: components["responses"]["Error403"];
                404: components["responses"]["Error404"];
                405: components["responses"]["Error405"];
                429: components["responses"]["Error429"];
                500: components["responses"]["Error500"];
                503: components["responses"]["Error503"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/boards/{board}/moderation/{playerId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Hide, shadow or ban a player on a board
         * @description Who: admin. hide: the entry is kept, but left out of every public view; shadow: the same, except the player still sees their own entry (`GET …/me`); ban: writes are refused (403 banned). Public ranks stay dense around hidden entries. Audited with the reason. hide and shadow purge the board's cached views (`X-Purge-Status`). docs/moderation.md.
         */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    board: string;
                    playerId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    /**
                     * @example {
                     *       "action": "hide",
                     *       "reason": "impossible time"
                     *     }
                     */
                    "application/json": components["schemas"]["ModerationRequest"];
                };
            };
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "playerId": "mallory",
                         *       "scope": "board",
                         *       "action": "hide",
                         *       "state": "set"
                         *     }
                         */
                        "application/json": components["schemas"]["ModerationResult"];
                    };
                };
                400: components["responses"]["Error400"];
                401: components["responses"]["Error401"];
                403: components["responses"]["Error403"];
                404: components["responses"]["Error404"];
                405: components["responses"]["Error405"];
                413: components["responses"]["Error413"];
                415: components["responses"]["Error415"];
                429: components["responses"]["Error429"];
                500: components["responses"]["Error500"];
                503: components["responses"]["Error503"];
            };
        };
        post?: never;
        /**
         * Lift a moderation action on a board
         * @description Who: admin. hide: the entry is kept, but left out of every public view; shadow: the same, except the player still sees their own entry (`GET …/me`); ban: writes are refused (403 banned). Public ranks stay dense around hidden entries. Audited with the reason. hide and shadow purge the board's cached views (`X-Purge-Status`). docs/moderation.md.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    board: string;
                    playerId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    /**
                     * @example {
                     *       "action": "hide",
                     *       "reason": "impossible time"
                     *     }
                     */
                    "application/json": components["schemas"]["ModerationRequest"];
                };
            };
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "playerId": "mallory",
                         *       "scope": "board",
                         *       "action": "hide",
                         *       "state": "lifted"
                         *     }
                         */
                        "application/json": components["schemas"]["ModerationResult"];
                    };
                };
                400: components["responses"]["Error400"];
                401: components["responses"]["Error401"];
                403: components["responses"]["Error403"];
                404: components["responses"]["Error404"];
                405: components["responses"]["Error405"];
                413: components["responses"]["Error413"];
                415: components["responses"]["Error415"];
                429: components["responses"]["Error429"];
                500: components["responses"]["Error500"];
                503: components["responses"]["Error503"];
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/players/{playerId}/profile": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Set a player's display name
         * @description Who: admin, server, player. A player sets their own (`playerId` equal to the token's `sub`), a game server or the admin anyone's. The name is NFKC-normalised and trimmed, 1 to 32 characters after that, without control characters; every entry of every view then carries it as `displayName`. Renaming rebuilds no board (docs/moderation.md).
         */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    playerId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    /**
                     * @example {
                     *       "displayName": "Alice 🚀"
                     *     }
                     */
                    "application/json": components["schemas"]["ProfileRequest"];
                };
            };
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "playerId": "alice",
                         *       "displayName": "Alice 🚀"
                         *     }
                         */
                        "application/json": components["schemas"]["Profile"];
                    };
                };
                400: components["responses"]["Error400"];
                401: components["responses"]["Error401"];
                403: components["responses"]["Error403"];
                405: components["responses"]["Error405"];
                413: components["responses"]["Error413"];
                415: components["responses"]["Error415"];
                429: components["responses"]["Error429"];
                500: components["responses"]["Error500"];
                503: components["responses"]["Error503"];
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/moderation/{playerId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Hide, shadow or ban a player on every board
         * @description Who: admin. As `…/boards/{board}/moderation/{playerId}`, for every board, present and future. An every-board action and a board's own one are separate: lifting one leaves the other.
         */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    playerId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    /**
                     * @example {
                     *       "action": "ban",
                     *       "reason": "cheating on several boards"
                     *     }
                     */
                    "application/json": components["schemas"]["ModerationRequest"];
                };
            };
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "playerId": "mallory",
                         *       "scope": "all",
                         *       "action": "ban",
                         *       "state": "set"
                         *     }
                         */
                        "application/json": components["schemas"]["ModerationResult"];
                    };
                };
                400: components["responses"]["Error400"];
                401: components["responses"]["Error401"];
                403: components["responses"]["Error403"];
                405: components["responses"]["Error405"];
                413: components["responses"]["Error413"];
                415: components["responses"]["Error415"];
                429: components["responses"]["Error429"];
                500: components["responses"]["Error500"];
                503: components["responses"]["Error503"];
            };
        };
        post?: never;
        /**
         * Lift a moderation action on every board
         * @description Who: admin. As `…/boards/{board}/moderation/{playerId}`, for every board, present and future. An every-board action and a board's own one are separate: lifting one leaves the other.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    playerId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    /**
                     * @example {
                     *       "action": "ban",
                     *       "reason": "cheating on several boards"
                     *     }
                     */
                    "application/json": components["schemas"]["ModerationRequest"];
                };
            };
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "playerId": "mallory",
                         *       "scope": "all",
                         *       "action": "ban",
                         *       "state": "lifted"
                         *     }
                         */
                        "application/json": components["schemas"]["ModerationResult"];
                    };
                };
                400: components["responses"]["Error400"];
                401: components["responses"]["Error401"];
                403: components["responses"]["Error403"];
                405: components["responses"]["Error405"];
                413: components["responses"]["Error413"];
                415: components["responses"]["Error415"];
                429: components["responses"]["Error429"];
                500: components["responses"]["Error500"];
                503: components["responses"]["Error503"];
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/boards/{board}/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Compare Valkey with Supabase, entry by entry
         * @description Who: admin. The `verify` task over HTTP (docs/operations.md#operations-over-http): the current period, one `period`, or `allPeriods`. It stops starting periods after about 4 s, under the edge's origin timeout, and lists the ones left in `skipped`. Changes nothing. Never cached.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    board: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    /**
                     * @example {
                     *       "period": "2026-W48"
                     *     }
                     */
                    "application/json": components["schemas"]["PeriodsOption"];
                };
            };
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "differences": 0,
                         *       "periods": [
                         *         {
                         *           "board": "weekly-race",
                         *           "period": "2026-W48",
                         *           "ready": true,
                         *           "recordEntries": 2,
                         *           "projectionEntries": 2,
                         *           "differences": 0,
                         *           "sample": [],
                         *           "scoreCounts": {
                         *             "covered": true,
                         *             "distinct": 2,
                         *             "differences": 0
                         *           }
                         *         }
                         *       ],
                         *       "skipped": []
                         *     }
                         */
                        "application/json": components["schemas"]["VerifyRun"];
                    };
                };
                400: components["responses"]["Error400"];
                401: components["responses"]["Error401"];
                403: components["responses"]["Error403"];
                404: components["responses"]["Error404"];
                405: components["responses"]["Error405"];
                413: components["responses"]["Error413"];
                415: components["responses"]["Error415"];
                429: components["responses"]["Error429"];
                500: components["responses"]["Error500"];
                503: components["responses"]["Error503"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/boards/{board}/rebuild": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Rebuild Valkey's copy of a board from Supabase
         * @description Who: admin. The `rebuild` task over HTTP, under the rebuild lock: the current period, one `period`, or `allPeriods`, stopping early like verify (`skipped`). Reads are served from Supabase meanwhile. Never cached.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    board: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    /** @example {} */
                    "application/json": components["schemas"]["PeriodsOption"];
                };
            };
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "periods": [
                         *         {
                         *           "period": "2026-W48",
                         *           "rebuilt": true
                         *         }
                         *       ],
                         *       "skipped": []
                         *     }
                         */
                        "application/json": components["schemas"]["RebuildRun"];
                    };
                };
                400: components["responses"]["Error400"];
                401: components["responses"]["Error401"];
                403: components["responses"]["Error403"];
                404: components["responses"]["Error404"];
                405: components["responses"]["Error405"];
                413: components["responses"]["Error413"];
                415: components["responses"]["Error415"];
                429: components["responses"]["Error429"];
                500: components["responses"]["Error500"];
                503: components["responses"]["Error503"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/boards/{board}/source": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A board's source and its last sync
         * @description Who: admin.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    board: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "board": "weekly-race",
                         *       "source": {
                         *         "url": "https://game.example/standings.json",
                         *         "itemsPath": "rows",
                         *         "playerIdField": "id",
                         *         "scoreField": "points"
                         *       },
                         *       "status": {
                         *         "at": "2026-11-23T10:15:00.000Z",
                         *         "ok": true,
                         *         "rows": 2,
                         *         "applied": 1,
                         *         "unchanged": 1,
                         *         "skipped": 0
                         *       }
                         *     }
                         */
                        "application/json": components["schemas"]["SourceState"];
                    };
                };
                400: components["responses"]["Error400"];
                401: components["responses"]["Error401"];
                403: components["responses"]["Error403"];
                404: components["responses"]["Error404"];
                405: components["responses"]["Error405"];
                429: components["responses"]["Error429"];
                500: components["responses"]["Error500"];
                503: components["responses"]["Error503"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/boards/{board}/sync": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Sync a board's source now
         * @description Who: admin. The `sync-sources` task for one board, with one fetch of at most 2.5 s (the scheduled sync retries). A failing source answers 200 with `ok: false` and its `error`, recorded as the board's source status. 409 `conflict` when the board has no source. No body.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    board: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "board": "weekly-race",
                         *       "period": "2026-W48",
                         *       "at": "2026-11-23T10:15:00.000Z",
                         *       "ok": true,
                         *       "rows": 2,
                         *       "applied": 1,
                         *       "unchanged": 1,
                         *       "skipped": 0,
                         *       "badRows": []
                         *     }
                         */
                        "application/json": components["schemas"]["SyncReport"];
                    };
                };
                400: components["responses"]["Error400"];
                401: components["responses"]["Error401"];
                403: components["responses"]["Error403"];
                404: components["responses"]["Error404"];
                405: components["responses"]["Error405"];
                409: components["responses"]["Error409"];
                429: components["responses"]["Error429"];
                500: components["responses"]["Error500"];
                503: components["responses"]["Error503"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/boards/{board}/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A board's audit log, a page at a time
         * @description Who: admin. Newest first: erasures of players (with counts, never the erased data). Follow `next` as `before`. Moderation has its own audit, in `GET …/moderation`. Never cached.
         */
        get: {
            parameters: {
                query?: {
                    limit?: string;
                    before?: string;
                };
                header?: never;
                path: {
                    board: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "board": "weekly-race",
                         *       "records": [
                         *         {
                         *           "id": 12,
                         *           "at": "2026-11-23T10:15:00.000Z",
                         *           "action": "player_deleted",
                         *           "detail": {
                         *             "entries": 2,
                         *             "submissions": 3
                         *           }
                         *         }
                         *       ],
                         *       "next": null
                         *     }
                         */
                        "application/json": components["schemas"]["AuditPage"];
                    };
                };
                400: components["responses"]["Error400"];
                401: components["responses"]["Error401"];
                403: components["responses"]["Error403"];
                404: components["responses"]["Error404"];
                405: components["responses"]["Error405"];
                429: components["responses"]["Error429"];
                500: components["responses"]["Error500"];
                503: components["responses"]["Error503"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/boards/{board}/webhooks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A board's result webhook deliveries, a page at a time
         * @description Who: admin. Newest first, with each attempt's log (docs/results.md). Follow `next` as `before`. The webhook's secret is never shown. Never cached.
         */
        get: {
            parameters: {
                query?: {
                    limit?: string;
                    before?: string;
                };
                header?: never;
                path: {
                    board: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "board": "weekly-race",
                         *       "resultsSize": 10,
                         *       "webhook": {
                         *         "url": "https://game.example/hooks/leaderboard"
                         *       },
                         *       "deliveries": [
                         *         {
                         *           "id": 3,
                         *           "eventId": "0b0f6a4e-52c6-4f44-9c55-3a4f2f1f8a10",
                         *           "period": "2026-W47",
                         *           "status": "delivered",
                         *           "attempts": 1,
                         *           "createdAt": "2026-11-23T10:15:00.000Z",
                         *           "nextAttemptAt": null,
                         *           "deliveredAt": "2026-11-23T10:15:00.000Z",
                         *           "lastError": null,
                         *           "log": [
                         *             {
                         *               "at": "2026-11-23T10:15:00.000Z",
                         *               "status": 200,
                         *               "error": null,
                         *               "ms": 84
                         *             }
                         *           ]
                         *         }
                         *       ],
                         *       "next": null
                         *     }
                         */
                        "application/json": components["schemas"]["WebhookDeliveries"];
                    };
                };
                400: components["responses"]["Error400"];
                401: components["responses"]["Error401"];
                403: components["responses"]["Error403"];
                404: components["responses"]["Error404"];
                405: components["responses"]["Error405"];
                429: components["responses"]["Error429"];
                500: components["responses"]["Error500"];
                503: components["responses"]["Error503"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/boards/{board}/stream": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Live rank updates, as Server-Sent Events
         * @description Who: public. A `text/event-stream` that stays open (docs/live.md). Events: `entry` (a changed entry the view covers; its id is the board version, `seq`), `overtaken` (a watched player of an `around:` or `ids:` view was passed), `period` (the board rolled over: refetch), `reset` (refetch: the events missed are no longer retained, the board changed without events, or was deleted). Comment lines are heartbeats. Reconnecting with `Last-Event-ID` (or `lastEventId`) replays the missed events in order. Connections are limited per client IP per board and per board: past either, 429 rate_limited with `details.scope` `ip` or `board`.
         */
        get: {
            parameters: {
                query?: {
                    /** @description What to watch: top:N (the top N, 1 to 1000), around:{playerId} (the player and 5 each side) or ids:a,b,c (up to 100 players). Default top:10. */
                    view?: string;
                    /** @description For clients that cannot send the Last-Event-ID header. */
                    lastEventId?: string;
                };
                header?: {
                    /** @description The id of the last event received; EventSource sends it when it reconnects. */
                    "last-event-id"?: string;
                };
                path: {
                    board: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The event stream. The data of each event is one of LiveEntryEvent, LiveOvertakenEvent, LivePeriodEvent, LiveResetEvent. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example retry: 3000
                         *     : live weekly-race at 41
                         *
                         *     event: entry
                         *     id: 42
                         *     data: {"seq":42,"playerId":"alice","score":42,"rank":1,"previousRank":3}
                         *
                         *     : heartbeat 1764669300000
                         */
                        "text/event-stream": string;
                    };
                };
                400: components["responses"]["Error400"];
                404: components["responses"]["Error404"];
                405: components["responses"]["Error405"];
                429: components["responses"]["Error429"];
                500: components["responses"]["Error500"];
                503: components["responses"]["Error503"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/leaderboard": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Compatibility path: the top `count` of the default board
         * @description Who: public.
         */
        get: {
            parameters: {
                query?: {
                    count?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "board": "global",
                         *       "period": "all",
                         *       "entries": [
                         *         {
                         *           "rank": 1,
                         *           "playerId": "alice",
                         *           "score": 42,
                         *           "achievedAt": "2026-11-23T10:15:00.000Z",
                         *           "metadata": null
                         *         },
                         *         {
                         *           "rank": 2,
                         *           "playerId": "bob",
                         *           "score": 17,
                         *           "achievedAt": "2026-11-23T10:16:30.000Z",
                         *           "metadata": {
                         *             "country": "SE"
                         *           }
                         *         }
                         *       ]
                         *     }
                         */
                        "application/json": components["schemas"]["CompatPage"];
                    };
                };
                400: components["responses"]["Error400"];
                404: components["responses"]["Error404"];
                405: components["responses"]["Error405"];
                500: components["responses"]["Error500"];
                503: components["responses"]["Error503"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        ErrorEnvelope: {
            error: {
                code: components["schemas"]["ErrorCode"];
                message: string;
                details?: {
                    [key: string]: unknown;
                };
            };
            requestId: string;
        };
        /** @enum {string} */
        ErrorCode: "invalid_request" | "unauthorized" | "forbidden" | "board_not_found" | "player_not_found" | "not_found" | "snapshot_expired" | "method_not_allowed" | "conflict" | "not_open" | "closed" | "banned" | "full" | "not_joined" | "attempts_exhausted" | "payload_too_large" | "unsupported_media_type" | "rate_limited" | "unavailable" | "internal";
        /** @description Data of an `entry` event. */
        LiveEntryEvent: {
            /** @description The board's version after this change; also the event's id (send it back as Last-Event-ID). */
            seq: number;
            playerId: string;
            /** @description The metadata's displayName, when it has one. */
            displayName?: string;
            score: number;
            /** @description Position after the change (ordinal); null when the projection could not say. */
            rank: number | null;
            /** @description Position before the change; null for a new entry. */
            previousRank: number | null;
            /** @description On a board with tiers: the entry's tier after the change, null when in none. Left out for a percentile tier when the projection could not say the position (docs/boards.md "Tiers"). */
            tier?: string | null;
        };
        /** @description Data of an `overtaken` event: a watched player was passed by another. */
        LiveOvertakenEvent: {
            seq: number;
            /** @description The watched player who was overtaken. */
            playerId: string;
            by: string;
            byDisplayName?: string;
            /** @description The watched player's position now. */
            rank: number;
        };
        /** @description Data of a `period` event: the board rolled over to a new period; refetch. */
        LivePeriodEvent: {
            period: string;
            previous: string;
        };
        /** @description Data of a `reset` event: the events missed are no longer retained (behind), the board changed without events (changed: an erasure or a rebuild), or it was deleted. Refetch. */
        LiveResetEvent: {
            /** @enum {string} */
            reason: "behind" | "changed" | "deleted";
        };
        Health: {
            /** @enum {string} */
            status: "ok" | "unavailable";
            /** @description "ok", or what failed */
            edge: string;
            /** @description "ok", or what failed */
            origin?: string;
            /** @description "ok", or what failed */
            valkey?: string;
            /** @description "ok", or what failed */
            supabase?: string;
        };
        BoardList: {
            boards: components["schemas"]["Board"][];
        };
        Board: {
            id: string;
            name: string;
            /** @enum {string} */
            sort: "desc" | "asc";
            /** @enum {string} */
            operator: "best" | "latest" | "increment" | "decrement";
            /**
             * @description never, daily, weekly, monthly, or "every N hours|days from YYYY-MM-DDTHH:mm <IANA time zone>".
             * @example weekly
             * @example every 6 hours from 2027-01-04T06:00 Europe/Berlin
             */
            reset: string;
            /** @enum {string} */
            writers: "server" | "players";
            minScore: number | null;
            maxScore: number | null;
            /** @description Seconds the edge caches the board's views. */
            cacheSeconds: number;
            /** @description Seconds past cacheSeconds the edge may serve a view while it refreshes it (stale-while-revalidate). */
            staleSeconds: number;
            /** @description Seconds past cacheSeconds the edge may serve a view while the origin fails (5xx, timeout, no answer). */
            staleIfErrorSeconds: number;
            /** @description The key of the current period: all, 2026-11-23, 2026-W48 or 2026-11. */
            currentPeriod: string;
            /**
             * Format: date-time
             * @description When the current period ends; null for reset never.
             */
            nextResetAt: string | null;
            /** @description Entries in the current period. */
            entries: number;
            /**
             * @description How equal scores are numbered: ordinal 1, 2, 3; competition 1, 1, 3; dense 1, 1, 2. The order never changes (docs/boards.md).
             * @enum {string}
             */
            rankMode: "ordinal" | "competition" | "dense";
            /**
             * @description How clients show scores: integer, duration_ms, or fixed:N (N implied decimals). Scores are always integers.
             * @enum {string}
             */
            scoreFormat: "integer" | "duration_ms" | "fixed:1" | "fixed:2" | "fixed:3" | "fixed:4" | "fixed:5" | "fixed:6";
            /**
             * Format: date-time
             * @description Writes before this instant get 409 not_open; null when the board has no start.
             */
            startsAt: string | null;
            /**
             * Format: date-time
             * @description Writes from this instant on get 409 closed; null when the board has no end.
             */
            endsAt: string | null;
            /** @description Entry rules and cohorts (docs/tournaments.md); null on a board without them. */
            tournament?: {
                /** @description A player must join (POST …/join) before submitting; otherwise a first submission joins. */
                joinRequired: boolean;
                /** @description Players per period; joins past it get 409 full. Null: no cap. */
                maxSize: number | null;
                /** @description Submissions per player per period; further ones get 409 attempts_exhausted. Null: no cap. */
                maxAttempts: number | null;
                /** @description Players per cohort: each player is placed, on joining, in a cohort of at most this many, and ranked inside it. Null: no cohorts. */
                cohortSize: number | null;
                /** @description The name of the band the server supplies on join (e.g. skill tier): cohorts are filled per band. Needs cohortSize. */
                cohortBy: string | null;
                league: components["schemas"]["League"];
            } | null;
            tiers?: components["schemas"]["Tiers"];
        };
        /** @description A league: cohorts formed within tiers, promotion and demotion at each period close. Needs cohortSize and a reset, and no cohortBy (the tier is the band). */
        League: {
            /** @description Tiers 1 (lowest) to tiers; every player starts in tier 1. */
            tiers: number;
            /** @description The top this many of every cohort move up a tier at each period close. */
            promote: number;
            /** @description The bottom this many of every cohort move down a tier (members without an entry rank last). */
            demote: number;
        } | null;
        /** @description Named bands of the standings (docs/boards.md "Tiers"). */
        Tiers: {
            /** @enum {string} */
            by: "score";
            /** @description Best first, each threshold worse than the one before. An entry is in the first tier it reaches, else null. */
            tiers: {
                name: string;
                /** @description At least this on a desc board, at most this on an asc board. */
                score: number;
            }[];
        } | {
            /** @enum {string} */
            by: "percentile";
            /** @description Best first, top increasing; past the last tier, null. */
            tiers: {
                name: string;
                /** @description Down to the top this many percent of the entries, rounded up. */
                top: number;
            }[];
        } | null;
        BoardWithResultsSettings: {
            id: string;
            name: string;
            /** @enum {string} */
            sort: "desc" | "asc";
            /** @enum {string} */
            operator: "best" | "latest" | "increment" | "decrement";
            /**
             * @description never, daily, weekly, monthly, or "every N hours|days from YYYY-MM-DDTHH:mm <IANA time zone>".
             * @example weekly
             * @example every 6 hours from 2027-01-04T06:00 Europe/Berlin
             */
            reset: string;
            /** @enum {string} */
            writers: "server" | "players";
            minScore: number | null;
            maxScore: number | null;
            /** @description Seconds the edge caches the board's views. */
            cacheSeconds: number;
            /** @description Seconds past cacheSeconds the edge may serve a view while it refreshes it (stale-while-revalidate). */
            staleSeconds: number;
            /** @description Seconds past cacheSeconds the edge may serve a view while the origin fails (5xx, timeout, no answer). */
            staleIfErrorSeconds: number;
            /** @description The key of the current period: all, 2026-11-23, 2026-W48 or 2026-11. */
            currentPeriod: string;
            /**
             * Format: date-time
             * @description When the current period ends; null for reset never.
             */
            nextResetAt: string | null;
            /** @description Entries in the current period. */
            entries: number;
            /**
             * @description How equal scores are numbered: ordinal 1, 2, 3; competition 1, 1, 3; dense 1, 1, 2. The order never changes (docs/boards.md).
             * @enum {string}
             */
            rankMode: "ordinal" | "competition" | "dense";
            /**
             * @description How clients show scores: integer, duration_ms, or fixed:N (N implied decimals). Scores are always integers.
             * @enum {string}
             */
            scoreFormat: "integer" | "duration_ms" | "fixed:1" | "fixed:2" | "fixed:3" | "fixed:4" | "fixed:5" | "fixed:6";
            /**
             * Format: date-time
             * @description Writes before this instant get 409 not_open; null when the board has no start.
             */
            startsAt: string | null;
            /**
             * Format: date-time
             * @description Writes from this instant on get 409 closed; null when the board has no end.
             */
            endsAt: string | null;
            /** @description Entry rules and cohorts (docs/tournaments.md); null on a board without them. */
            tournament?: {
                /** @description A player must join (POST …/join) before submitting; otherwise a first submission joins. */
                joinRequired: boolean;
                /** @description Players per period; joins past it get 409 full. Null: no cap. */
                maxSize: number | null;
                /** @description Submissions per player per period; further ones get 409 attempts_exhausted. Null: no cap. */
                maxAttempts: number | null;
                /** @description Players per cohort: each player is placed, on joining, in a cohort of at most this many, and ranked inside it. Null: no cohorts. */
                cohortSize: number | null;
                /** @description The name of the band the server supplies on join (e.g. skill tier): cohorts are filled per band. Needs cohortSize. */
                cohortBy: string | null;
                league: components["schemas"]["League"];
            } | null;
            tiers?: components["schemas"]["Tiers"];
            /** @description How many entries a closed period's results hold. */
            resultsSize: number;
            webhook: {
                url: string;
                /** @description The signing secret: only in the reply that issued it (webhook set, or rotateSecret). Store it; it is never shown again. */
                secret?: string;
            } | null;
        };
        BoardConfig: {
            name: string;
            /** @enum {string} */
            sort: "desc" | "asc";
            /** @enum {string} */
            operator: "best" | "latest" | "increment" | "decrement";
            /**
             * @description never, daily, weekly, monthly, or "every N hours|days from YYYY-MM-DDTHH:mm <IANA time zone>".
             * @example weekly
             * @example every 6 hours from 2027-01-04T06:00 Europe/Berlin
             */
            reset: string;
            /** @enum {string} */
            writers: "server" | "players";
            minScore?: number | null;
            maxScore?: number | null;
            cacheSeconds?: number;
            staleSeconds?: number;
            staleIfErrorSeconds?: number;
            source?: components["schemas"]["Source"];
            /** @enum {string} */
            rankMode?: "ordinal" | "competition" | "dense";
            /** @enum {string} */
            scoreFormat?: "integer" | "duration_ms" | "fixed:1" | "fixed:2" | "fixed:3" | "fixed:4" | "fixed:5" | "fixed:6";
            /** Format: date-time */
            startsAt?: string | null;
            /** Format: date-time */
            endsAt?: string | null;
            resultsSize?: number;
            webhook?: components["schemas"]["Webhook"];
            tournament?: components["schemas"]["TournamentRules"];
            tiers?: components["schemas"]["Tiers"];
        };
        Source: {
            url: string;
            /** @default  */
            itemsPath: string;
            playerIdField: string;
            scoreField: string;
            metadataFields?: string[];
        } | null;
        Webhook: {
            url: string;
            rotateSecret?: boolean;
        } | null;
        TournamentRules: {
            /** @description A player must join (POST …/join) before submitting; otherwise a first submission joins. */
            joinRequired?: boolean;
            /** @description Players per period; joins past it get 409 full. Null: no cap. */
            maxSize?: number | null;
            /** @description Submissions per player per period; further ones get 409 attempts_exhausted. Null: no cap. */
            maxAttempts?: number | null;
            /** @description Players per cohort: each player is placed, on joining, in a cohort of at most this many, and ranked inside it. Null: no cohorts. */
            cohortSize?: number | null;
            /** @description The name of the band the server supplies on join (e.g. skill tier): cohorts are filled per band. Needs cohortSize. */
            cohortBy?: string | null;
            league?: components["schemas"]["League"];
        } | null;
        PeriodsPage: {
            board: string;
            /** @description Newest first: every period with entries, and the running one even while empty. */
            periods: components["schemas"]["PeriodSummary"][];
            /** @description Opaque; pass it as ?cursor= for the next page. Null on the last page. */
            nextCursor: string | null;
        };
        PeriodSummary: {
            /** @description The period key, usable as ?period= on every read. */
            key: string;
            /**
             * Format: date-time
             * @description The period's start, clipped to the board's startsAt; null when unbounded.
             */
            start: string | null;
            /**
             * Format: date-time
             * @description The period's end, clipped to the board's endsAt; null when unbounded.
             */
            end: string | null;
            entries: number;
            /**
             * @description closed once end has passed: its pages never change.
             * @enum {string}
             */
            state: "open" | "closed";
        };
        PeriodResults: {
            board: string;
            period: string;
            /**
             * Format: date-time
             * @description The period's start, clipped to the board's startsAt; null when unbounded.
             */
            start: string | null;
            /**
             * Format: date-time
             * @description The period's end, clipped to the board's endsAt; null when unbounded.
             */
            end: string | null;
            /**
             * Format: date-time
             * @description When the record closed the period and stored these results.
             */
            closedAt: string;
            /** @description Entries the period had when it closed. */
            entries: number;
            /**
             * @description The rank mode the results were numbered in: the board's when the period closed.
             * @enum {string}
             */
            rankMode: "ordinal" | "competition" | "dense";
            /** @description The most entries the results hold: the board's resultsSize when the period closed. */
            size: number;
            /** @description The top min(entries, size) entries in rank order. */
            results: components["schemas"]["Entry"][];
            /** @description On a league board: the moves of this close, by cohort and rank. */
            league?: {
                promoted: components["schemas"]["LeagueMove"][];
                demoted: components["schemas"]["LeagueMove"][];
            };
        };
        Entry: {
            rank: number;
            playerId: string;
            score: number;
            /**
             * Format: date-time
             * @description When the player first reached this score; equal scores rank earliest first.
             */
            achievedAt: string;
            metadata: {
                [key: string]: unknown;
            } | null;
            /** @description The player's display name, when they have set one (docs/moderation.md). */
            displayName?: string;
            /** @description On a board with tiers: the tier of this entry, null when in none. */
            tier?: string | null;
        };
        LeagueMove: {
            playerId: string;
            cohortId: number;
            /** @description The rank inside the cohort at the close (members without an entry rank last). */
            rank: number;
            fromTier: number;
            toTier: number;
        };
        EntriesPage: {
            board: string;
            period: string;
            total: number;
            entries: components["schemas"]["Entry"][];
            /** @description Opaque; pass it as ?cursor= for the next page. Null on the last page. */
            nextCursor: string | null;
            /** @description The snapshot this page was read from; null when it was read live (docs/paging.md). */
            snapshot?: {
                /** @description The period's version the snapshot was taken at: every write acknowledged with a version up to it is in the snapshot. */
                version: string;
                /** @description When the snapshot was taken (ISO 8601). */
                takenAt: string;
                /** @description Entries it holds: the top min(total, K). Past them the walk goes on live. */
                size: number;
            } | null;
        };
        EntriesList: {
            board: string;
            period: string;
            total: number;
            entries: components["schemas"]["Entry"][];
        };
        PlayerView: {
            entry: components["schemas"]["Entry"];
            total: number;
            /** @description The share of the board at or below this player, from 0 to 100. */
            percentile: number;
            /** @description On a board with entry rules: the player's membership (cohort, attempts). On a board with cohorts, rank, total and percentile are the cohort's. */
            member?: {
                period: string;
                playerId: string;
                /** @description The cohort the player was placed in; null on a board without cohorts. */
                cohortId: number | null;
                /** @description The cohortBy band the server gave on join; null when none. */
                band: string | null;
                attemptsUsed: number;
                /** @description Null when the board has no maxAttempts. */
                attemptsLeft: number | null;
                maxAttempts: number | null;
                /** Format: date-time */
                joinedAt: string;
                /** @description In a league: the player's tier this period (1 is the lowest); null otherwise. */
                tier?: number | null;
            };
        };
        PlayerHistory: {
            board: string;
            period: string;
            playerId: string;
            /** @description The writes that changed the entry, newest first. */
            points: {
                /** @description The write's place in the board's submissions log (increasing). */
                seq: number;
                /** @description When the write was accepted (ISO 8601, UTC). */
                at: string;
                /** @description The player's score after this write. */
                score: number;
                /** @description The entry's position in the period right after this write (ordinal: 1 + the entries ahead of it, ties broken by who reached the score first, also on boards with a tie mode). Filled within about a minute of the write; null until then, and for good when it was not recorded (docs/history.md). */
                rank: number | null;
            }[];
            /** @description Opaque; pass it as ?cursor= for older points. Null on the last page. */
            nextCursor: string | null;
        };
        Histogram: {
            board: string;
            period: string;
            /** @description Entries in the period. */
            total: number;
            /** @description Equal-width score ranges from the lowest to the highest score, in ascending score order; empty when the period has no entries. Fewer than asked when there are fewer distinct scores. */
            buckets: {
                /** @description Lowest score of the bucket, inclusive. */
                from: number;
                /** @description Highest score of the bucket, inclusive. */
                to: number;
                count: number;
            }[];
        };
        TierPage: {
            board: string;
            period: string;
            total: number;
            entries: components["schemas"]["Entry"][];
            /** @description Opaque; pass it as ?cursor= for the next page. Null on the last page. */
            nextCursor: string | null;
            tier: string;
            /** @description Entries in this tier. */
            tierTotal: number;
        };
        SubmitResult: {
            entry: components["schemas"]["WrittenEntry"];
            /** @description False when the operator kept the old score, e.g. best and not better. */
            updated: boolean;
            previous: components["schemas"]["WrittenEntry"] | null;
            /** @description On a board with entry rules: the player's membership after this attempt (attemptsUsed, attemptsLeft, cohortId). On a board with cohorts, ranks are the cohort's. */
            member?: {
                period: string;
                playerId: string;
                /** @description The cohort the player was placed in; null on a board without cohorts. */
                cohortId: number | null;
                /** @description The cohortBy band the server gave on join; null when none. */
                band: string | null;
                attemptsUsed: number;
                /** @description Null when the board has no maxAttempts. */
                attemptsLeft: number | null;
                maxAttempts: number | null;
                /** Format: date-time */
                joinedAt: string;
                /** @description In a league: the player's tier this period (1 is the lowest); null otherwise. */
                tier?: number | null;
            };
        };
        WrittenEntry: {
            /** @description Null when the rank could not be determined at write time; a read gives it. */
            rank: number | null;
            playerId: string;
            score: number;
            /**
             * Format: date-time
             * @description When the player first reached this score; equal scores rank earliest first.
             */
            achievedAt: string;
            metadata: {
                [key: string]: unknown;
            } | null;
            /** @description The player's display name, when they have set one (docs/moderation.md). */
            displayName?: string;
            /** @description On a board with tiers: the tier of this entry, null when in none. Left out of a percentile tier when the reply could not tell its position (where rank is null; docs/boards.md "Tiers"). */
            tier?: string | null;
        };
        SubmitScore: {
            playerId: string;
            score: number;
            metadata?: unknown;
        };
        BatchResult: {
            results: {
                playerId: string;
                updated: boolean;
                entry: components["schemas"]["BatchEntry"];
            }[];
        };
        BatchEntry: {
            /** @description Batch replies are not ranked. */
            rank: null;
            playerId: string;
            score: number;
            /**
             * Format: date-time
             * @description When the player first reached this score; equal scores rank earliest first.
             */
            achievedAt: string;
            metadata: {
                [key: string]: unknown;
            } | null;
            /** @description The player's display name, when they have set one (docs/moderation.md). */
            displayName?: string;
            /** @description On a board with score tiers: the tier of this entry, null when in none. Left out on a board with percentile tiers: they need the rank. */
            tier?: string | null;
        };
        Batch: {
            entries: components["schemas"]["SubmitScore"][];
        };
        JoinResult: {
            period: string;
            playerId: string;
            /** @description The cohort the player was placed in; null on a board without cohorts. */
            cohortId: number | null;
            /** @description The cohortBy band the server gave on join; null when none. */
            band: string | null;
            attemptsUsed: number;
            /** @description Null when the board has no maxAttempts. */
            attemptsLeft: number | null;
            maxAttempts: number | null;
            /** Format: date-time */
            joinedAt: string;
            /** @description In a league: the player's tier this period (1 is the lowest); null otherwise. */
            tier?: number | null;
            board: string;
            /** @description True when this call added the player; false when they had joined already (joining is idempotent). */
            joined: boolean;
            /** @description Players joined in this period. */
            joinedCount: number;
            maxSize: number | null;
        };
        Join: {
            playerId: string;
            band?: string;
        };
        CohortPage: {
            board: string;
            period: string;
            total: number;
            entries: components["schemas"]["Entry"][];
            /** @description Opaque; pass it as ?cursor= for the next page. Null on the last page. */
            nextCursor: string | null;
            cohortId: number;
            /** @description Players placed in the cohort this period, with a score or not (total counts only those with one). Null when the record could not say. */
            members: number | null;
            /** @description Members without a score this period, or hidden by moderation (their score does not count): a league close ranks them last, after every entry, so they take the demotion places first. Null when the record could not say. */
            unscored: number | null;
        };
        LeagueMoves: {
            board: string;
            period: string;
            /** @description By cohort, then rank. Empty until the period has closed. */
            moves: components["schemas"]["LeagueMove"][];
        };
        TournamentList: {
            /** @enum {string} */
            state: "upcoming" | "active" | "ended";
            /** @description upcoming: soonest start first; active: soonest end first (no end last); ended: latest end first. */
            tournaments: components["schemas"]["Tournament"][];
            /** @description Opaque; pass it as ?cursor= for the next page. Null on the last page. */
            nextCursor: string | null;
        };
        Tournament: {
            id: string;
            name: string;
            /** @enum {string} */
            state: "upcoming" | "active" | "ended";
            /** @enum {string} */
            sort: "desc" | "asc";
            /** @enum {string} */
            scoreFormat: "integer" | "duration_ms" | "fixed:1" | "fixed:2" | "fixed:3" | "fixed:4" | "fixed:5" | "fixed:6";
            /** Format: date-time */
            startsAt: string | null;
            /** Format: date-time */
            endsAt: string | null;
            currentPeriod: string;
            /** Format: date-time */
            nextResetAt: string | null;
            /** @description Players joined in the current period. */
            joined: number;
            rules: components["schemas"]["TournamentRulesView"];
        };
        TournamentRulesView: {
            /** @description A player must join (POST …/join) before submitting; otherwise a first submission joins. */
            joinRequired: boolean;
            /** @description Players per period; joins past it get 409 full. Null: no cap. */
            maxSize: number | null;
            /** @description Submissions per player per period; further ones get 409 attempts_exhausted. Null: no cap. */
            maxAttempts: number | null;
            /** @description Players per cohort: each player is placed, on joining, in a cohort of at most this many, and ranked inside it. Null: no cohorts. */
            cohortSize: number | null;
            /** @description The name of the band the server supplies on join (e.g. skill tier): cohorts are filled per band. Needs cohortSize. */
            cohortBy: string | null;
            league: components["schemas"]["League"];
        };
        ModerationState: {
            board: string;
            /** @description The actions in force on this board: its own and every-board ones. */
            actions: components["schemas"]["ModerationEntry"][];
            /** @description Every action and its reverse, newest first (the latest 100). */
            audit: components["schemas"]["ModerationAudit"][];
        };
        ModerationEntry: {
            playerId: string;
            /**
             * @description board: this board only; all: every board.
             * @enum {string}
             */
            scope: "board" | "all";
            action: components["schemas"]["ModerationAction"];
            reason: string;
            /** @description Who set it: admin, or server:<key index>. */
            actor: string;
            /** Format: date-time */
            at: string;
        };
        /** @enum {string} */
        ModerationAction: "hide" | "shadow" | "ban";
        ModerationAudit: {
            id: number;
            playerId: string;
            /**
             * @description board: this board only; all: every board.
             * @enum {string}
             */
            scope: "board" | "all";
            action: components["schemas"]["ModerationAction"];
            /** @enum {string} */
            op: "set" | "lift";
            reason: string;
            actor: string;
            /** Format: date-time */
            at: string;
        };
        ModerationResult: {
            playerId: string;
            /**
             * @description board: this board only; all: every board.
             * @enum {string}
             */
            scope: "board" | "all";
            action: components["schemas"]["ModerationAction"];
            /**
             * @description unchanged: a DELETE of an action that was not in force.
             * @enum {string}
             */
            state: "set" | "lifted" | "unchanged";
        };
        ModerationRequest: {
            action: components["schemas"]["ModerationAction"];
            reason: string;
        };
        Profile: {
            playerId: string;
            displayName: string;
        };
        ProfileRequest: {
            /** @description Up to 32 characters after NFKC normalisation and trimming; no control characters. */
            displayName: string;
        };
        VerifyRun: {
            /** @description Differences over every period (and cohort) checked; 0 when Valkey matches Supabase. */
            differences: number;
            periods: {
                board: string;
                period: string;
                /** @description False when Valkey has no ready copy of the period: nothing to compare (the next read rebuilds it). */
                ready: boolean;
                recordEntries: number;
                projectionEntries: number;
                differences: number;
                /** @description The first differences found (at most 50). */
                sample: {
                    playerId: string;
                    /** @enum {string} */
                    kind: "missing" | "extra" | "mismatch";
                    fields?: string[];
                }[];
                scoreCounts: {
                    covered: boolean;
                    distinct: number;
                    differences: number;
                };
            }[];
            cohorts?: {
                board: string;
                period: string;
                /** @description False when Valkey has no ready copy of the period: nothing to compare (the next read rebuilds it). */
                ready: boolean;
                recordEntries: number;
                projectionEntries: number;
                differences: number;
                /** @description The first differences found (at most 50). */
                sample: {
                    playerId: string;
                    /** @enum {string} */
                    kind: "missing" | "extra" | "mismatch";
                    fields?: string[];
                }[];
                scoreCounts: {
                    covered: boolean;
                    distinct: number;
                    differences: number;
                };
                cohortId: number;
            }[];
            /** @description Periods left out because the call ran out of time; run them one `period` at a time. */
            skipped: string[];
        };
        PeriodsOption: {
            /** @description One period key (2026-11-23, 2026-W48, 2026-11, all…); the current period when left out. */
            period?: string;
            /** @description Every period the record holds. Stops early when the time runs out: the rest are listed in `skipped`. */
            allPeriods?: boolean;
        };
        RebuildRun: {
            periods: {
                period: string;
                rebuilt: boolean;
                cohorts?: {
                    cohortId: number;
                    rebuilt: boolean;
                }[];
            }[];
            /** @description Periods left out because the call ran out of time; run them one `period` at a time. */
            skipped: string[];
        };
        SourceState: {
            board: string;
            /** @description The board's source (docs/sources.md); null when it has none. */
            source: {
                url: string;
                /** @default  */
                itemsPath: string;
                playerIdField: string;
                scoreField: string;
                metadataFields?: string[];
            } | null;
            /** @description The last sync; null before the first. */
            status: {
                /** Format: date-time */
                at: string;
                ok: boolean;
                rows: number;
                applied: number;
                unchanged: number;
                skipped: number;
                error?: string;
            } | null;
        };
        SyncReport: {
            /** Format: date-time */
            at: string;
            ok: boolean;
            rows: number;
            applied: number;
            unchanged: number;
            skipped: number;
            error?: string;
            board: string;
            period: string | null;
            /** @description The first bad rows (at most 100); `skipped` counts them all. */
            badRows: {
                index: number;
                playerId?: string;
                reason: string;
            }[];
        };
        AuditPage: {
            board: string;
            /** @description The board's audit log, newest first: erasures (`player_deleted`, with counts, never the erased data). Moderation has its own audit in `GET …/moderation`. */
            records: {
                id: number;
                /** Format: date-time */
                at: string;
                action: string;
                detail: {
                    [key: string]: unknown;
                };
            }[];
            /** @description The `before` of the next (older) page; null on the last page. */
            next: number | null;
        };
        WebhookDeliveries: {
            board: string;
            resultsSize: number;
            /** @description The webhook (never its secret); null when the board has none. */
            webhook: {
                url: string;
            } | null;
            deliveries: {
                id: number;
                eventId: string;
                period: string;
                /** @enum {string} */
                status: "pending" | "delivered" | "failed";
                attempts: number;
                /** Format: date-time */
                createdAt: string;
                /** Format: date-time */
                nextAttemptAt: string | null;
                /** Format: date-time */
                deliveredAt: string | null;
                lastError: string | null;
                log: {
                    /** Format: date-time */
                    at: string;
                    status: number | null;
                    error: string | null;
                    ms: number;
                }[];
            }[];
            /** @description The `before` of the next (older) page; null on the last page. */
            next: number | null;
        };
        CompatPage: {
            board: string;
            period: string;
            entries: components["schemas"]["Entry"][];
        };
    };
    responses: {
        /** @description Error invalid_request; the error envelope (docs/api.md "Errors") */
        Error400: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "error": {
                 *         "code": "invalid_request",
                 *         "message": "Invalid body",
                 *         "details": {
                 *           "score": "must be an integer"
                 *         }
                 *       },
                 *       "requestId": "c0a8012e-7d4f-4b7e-9a51-2f0e5b0c9d11"
                 *     }
                 */
                "application/json": components["schemas"]["ErrorEnvelope"];
            };
        };
        /** @description Error unauthorized; the error envelope (docs/api.md "Errors") */
        Error401: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "error": {
                 *         "code": "unauthorized",
                 *         "message": "Missing bearer token"
                 *       },
                 *       "requestId": "c0a8012e-7d4f-4b7e-9a51-2f0e5b0c9d11"
                 *     }
                 */
                "application/json": components["schemas"]["ErrorEnvelope"];
            };
        };
        /** @description Error forbidden, banned; the error envelope (docs/api.md "Errors") */
        Error403: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "error": {
                 *         "code": "forbidden",
                 *         "message": "These credentials may not do this"
                 *       },
                 *       "requestId": "c0a8012e-7d4f-4b7e-9a51-2f0e5b0c9d11"
                 *     }
                 */
                "application/json": components["schemas"]["ErrorEnvelope"];
            };
        };
        /** @description Error board_not_found, player_not_found, not_found; the error envelope (docs/api.md "Errors") */
        Error404: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "error": {
                 *         "code": "board_not_found",
                 *         "message": "Board \"weekly-race\" does not exist"
                 *       },
                 *       "requestId": "c0a8012e-7d4f-4b7e-9a51-2f0e5b0c9d11"
                 *     }
                 */
                "application/json": components["schemas"]["ErrorEnvelope"];
            };
        };
        /** @description Error snapshot_expired; the error envelope (docs/api.md "Errors") */
        Error410: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "error": {
                 *         "code": "snapshot_expired",
                 *         "message": "This cursor's snapshot has expired or is unknown (snapshots live 60 s after a walk starts). Start again from the first page, without a cursor."
                 *       },
                 *       "requestId": "c0a8012e-7d4f-4b7e-9a51-2f0e5b0c9d11"
                 *     }
                 */
                "application/json": components["schemas"]["ErrorEnvelope"];
            };
        };
        /** @description Error method_not_allowed; the error envelope (docs/api.md "Errors") */
        Error405: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "error": {
                 *         "code": "method_not_allowed",
                 *         "message": "PATCH is not allowed on /api/boards/weekly-race"
                 *       },
                 *       "requestId": "c0a8012e-7d4f-4b7e-9a51-2f0e5b0c9d11"
                 *     }
                 */
                "application/json": components["schemas"]["ErrorEnvelope"];
            };
        };
        /** @description Error conflict, not_open, closed, full, not_joined, attempts_exhausted; the error envelope (docs/api.md "Errors") */
        Error409: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "error": {
                 *         "code": "conflict",
                 *         "message": "This Idempotency-Key was already used with a different request body"
                 *       },
                 *       "requestId": "c0a8012e-7d4f-4b7e-9a51-2f0e5b0c9d11"
                 *     }
                 */
                "application/json": components["schemas"]["ErrorEnvelope"];
            };
        };
        /** @description Error payload_too_large; the error envelope (docs/api.md "Errors") */
        Error413: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "error": {
                 *         "code": "payload_too_large",
                 *         "message": "The request body must be at most 65536 bytes"
                 *       },
                 *       "requestId": "c0a8012e-7d4f-4b7e-9a51-2f0e5b0c9d11"
                 *     }
                 */
                "application/json": components["schemas"]["ErrorEnvelope"];
            };
        };
        /** @description Error unsupported_media_type; the error envelope (docs/api.md "Errors") */
        Error415: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "error": {
                 *         "code": "unsupported_media_type",
                 *         "message": "The request body must be JSON (Content-Type: application/json)"
                 *       },
                 *       "requestId": "c0a8012e-7d4f-4b7e-9a51-2f0e5b0c9d11"
                 *     }
                 */
                "application/json": components["schemas"]["ErrorEnvelope"];
            };
        };
        /** @description Error rate_limited; the error envelope (docs/api.md "Errors") */
        Error429: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "error": {
                 *         "code": "rate_limited",
                 *         "message": "Too many writes; slow down"
                 *       },
                 *       "requestId": "c0a8012e-7d4f-4b7e-9a51-2f0e5b0c9d11"
                 *     }
                 */
                "application/json": components["schemas"]["ErrorEnvelope"];
            };
        };
        /** @description Error unavailable; the error envelope (docs/api.md "Errors") */
        Error503: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "error": {
                 *         "code": "unavailable",
                 *         "message": "The leaderboard database is unavailable; nothing was written"
                 *       },
                 *       "requestId": "c0a8012e-7d4f-4b7e-9a51-2f0e5b0c9d11"
                 *     }
                 */
                "application/json": components["schemas"]["ErrorEnvelope"];
            };
        };
        /** @description Error internal; the error envelope (docs/api.md "Errors") */
        Error500: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "error": {
                 *         "code": "internal",
                 *         "message": "Internal error"
                 *       },
                 *       "requestId": "c0a8012e-7d4f-4b7e-9a51-2f0e5b0c9d11"
                 *     }
                 */
                "application/json": components["schemas"]["ErrorEnvelope"];
            };
        };
    };
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
