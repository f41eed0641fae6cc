import LineFraming
import LineProtocol
import NIOCore
import Testing
@testable import TutorServer

/// The connection's rules, as sequences of events and the actions they lead to, without a
/// channel.
@Suite struct ConnectionStateMachineTests {
    private static func line(_ text: String) -> InboundLine { .line(ByteBuffer(string: text)) }

    /// Runs `next` until it waits: the actions a handler would take, answering every line at
    /// once (as a request that needs no wait does).
    private static func drain(_ machine: inout ConnectionStateMachine, isWritable: Bool = true) -> [ConnectionStateMachine.Action] {
        var actions: [ConnectionStateMachine.Action] = []
        while true {
            let action = machine.next(isWritable: isWritable)
            if action == .wait { return actions }
            actions.append(action)
            if action == .close { return actions }
        }
    }

    private static func identified() -> ConnectionStateMachine {
        var machine = ConnectionStateMachine()
        machine.activated()
        machine.identified()
        return machine
    }

    @Test func linesThatArriveBeforeTheIdentityAreAnsweredAfterItInOrder() {
        var machine = ConnectionStateMachine()
        machine.activated()
        do { let result = machine.received(Self.line("one")); #expect(result) }
        do { let result = machine.received(Self.line("two")); #expect(!result, "only the first line cancels the deadline") }
        do { let result = Self.drain(&machine); #expect(result == [.setReading(false)], "nothing is answered before the peer is known") }
        machine.identified()
        do { let result = Self.drain(&machine); #expect(result == [.answer(Self.line("one")), .answer(Self.line("two")), .setReading(true)]) }
    }

    @Test func aClientThatDoesNotReadItsRepliesGetsNoMoreAnswersAndIsNotRead() {
        var machine = Self.identified()
        _ = machine.received(Self.line("one"))
        _ = machine.received(Self.line("two"))
        do { let result = Self.drain(&machine, isWritable: false); #expect(result == [.setReading(false)]) }
        do { let result = Self.drain(&machine, isWritable: false); #expect(result == []) }
        do { let result = Self.drain(&machine); #expect(result == [.answer(Self.line("one")), .answer(Self.line("two")), .setReading(true)]) }
    }

    @Test func linesBehindAWaitingReplyWaitAndTheSocketIsNotReadMeanwhile() {
        var machine = Self.identified()
        _ = machine.received(Self.line("step"))
        #expect(machine.next(isWritable: true) == .answer(Self.line("step")))
        machine.replyWaits()
        _ = machine.received(Self.line("next"))
        do { let result = Self.drain(&machine); #expect(result == [.setReading(false)], "the second line waits for the first's reply") }
        do { let result = machine.replyDone(); #expect(result) }
        do { let result = Self.drain(&machine); #expect(result == [.answer(Self.line("next")), .setReading(true)]) }
    }

    @Test func aReplyThatCompletesAfterTheConnectionClosedIsDropped() {
        var machine = Self.identified()
        _ = machine.received(Self.line("step"))
        _ = machine.next(isWritable: true)
        machine.replyWaits()
        do { let result = machine.channelInactive(); #expect(result) }
        do { let result = machine.replyDone(); #expect(!result) }
        do { let result = Self.drain(&machine); #expect(result == []) }
    }

    @Test func aLineEndsAnIdleAndItsReplyComesFirst() {
        var machine = Self.identified()
        _ = machine.received(Self.line("idle"))
        _ = machine.next(isWritable: true)
        machine.beganIdle([.position])
        do { let result = Self.drain(&machine); #expect(result == [], "an idle connection reads on") }
        _ = machine.received(Self.line("noidle"))
        do { let result = Self.drain(&machine); #expect(result == [.endIdle([.position]), .answer(Self.line("noidle"))]) }
    }

    @Test func aChangeEndsAnIdleOnceAndALateWakeUpDoesNothing() {
        var machine = Self.identified()
        _ = machine.received(Self.line("idle"))
        _ = machine.next(isWritable: true)
        machine.beganIdle([.progress, .position])
        do { let result = machine.changeArrived(); #expect(result == [.progress, .position]) }
        do { let result = machine.changeArrived(); #expect(result == nil) }
        #expect(machine.phase == .answering)
    }

    @Test func afterThePeerClosesItsSideEveryLineIsAnsweredThenTheConnectionCloses() {
        var machine = Self.identified()
        _ = machine.received(Self.line("one"))
        _ = machine.received(Self.line("two"))
        machine.peerClosedInput()
        do { let result = Self.drain(&machine); #expect(result == [.answer(Self.line("one")), .answer(Self.line("two")), .close]) }
        #expect(machine.phase == .closed)
    }

    @Test func aClosedPeerStillGetsTheChangeItsIdleWaitsForThenTheClose() {
        var machine = Self.identified()
        _ = machine.received(Self.line("idle"))
        _ = machine.next(isWritable: true)
        machine.beganIdle([.courses])
        machine.peerClosedInput()
        do { let result = Self.drain(&machine); #expect(result == [.setReading(false)], "idle goes on; nothing more will be read") }
        do { let result = machine.changeArrived(); #expect(result == [.courses]) }
        do { let result = Self.drain(&machine); #expect(result == [.close]) }
    }

    @Test func shutdownEndsAnIdleWithWhatChangedSoFarAndClosesOnceAnswered() {
        var machine = Self.identified()
        _ = machine.received(Self.line("idle"))
        _ = machine.next(isWritable: true)
        machine.beganIdle([.position])
        do { let result = machine.quiesce(); #expect(result == [.position]) }
        do { let result = Self.drain(&machine); #expect(result == [.close]) }
    }

    @Test func shutdownWaitsForAReplyInFlight() {
        var machine = Self.identified()
        _ = machine.received(Self.line("step"))
        _ = machine.next(isWritable: true)
        machine.replyWaits()
        do { let result = machine.quiesce(); #expect(result == nil) }
        do { let result = Self.drain(&machine); #expect(result == [], "the waiting reply is not cut off") }
        do { let result = machine.replyDone(); #expect(result) }
        do { let result = Self.drain(&machine); #expect(result == [.close]) }
    }

    @Test func theFirstLineDeadlineClosesOnlyAConnectionThatSaidNothing() {
        var silent = Self.identified()
        do { let result = silent.firstLineDeadlinePassed(); #expect(result) }
        #expect(silent.phase == .closed)

        var spoke = Self.identified()
        _ = spoke.received(Self.line("ping"))
        _ = Self.drain(&spoke)
        do { let result = spoke.firstLineDeadlinePassed(); #expect(!result) }
    }

    @Test func aClosedConnectionQueuesNothing() {
        var machine = Self.identified()
        machine.closing()
        do { let result = machine.received(Self.line("late")); #expect(!result) }
        do { let result = Self.drain(&machine); #expect(result == []) }
    }

    @Test func aConnectionNeverAdmittedIsNotCounted() {
        var machine = ConnectionStateMachine()
        do { let result = machine.channelInactive(); #expect(!result) }
        var admitted = ConnectionStateMachine()
        admitted.activated()
        do { let result = admitted.channelInactive(); #expect(result) }
    }
}
