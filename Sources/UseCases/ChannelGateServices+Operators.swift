import Ingest

extension ChannelGateServices {
    /// Changing a mapping safely, over this installation's ingest, publisher and store.
    public var mappingWorkbench: MappingWorkbench {
        MappingWorkbench(ingest: ingest, publisher: publisher, archive: store, audit: store)
    }

    /// Fixing what failed: dry runs and audited replays of this installation's dead letters.
    public var deadLetterTriage: DeadLetterTriage { DeadLetterTriage(ingest: ingest, audit: store) }
}
