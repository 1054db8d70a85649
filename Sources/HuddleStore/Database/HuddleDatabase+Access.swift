import GRDB

extension HuddleDatabase {
    /// Runs `body` in a read transaction; errors become `StoreError`.
    func read<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try pool.read(body)
        } catch let error as StoreError {
            throw error
        } catch {
            throw .failed("reading \(path): \(error)")
        }
    }

    /// Runs `body` in one write transaction, committed when it returns; errors become `StoreError`.
    func write<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try pool.write(body)
        } catch let error as StoreError {
            throw error
        } catch {
            throw .failed("writing \(path): \(error)")
        }
    }
}
